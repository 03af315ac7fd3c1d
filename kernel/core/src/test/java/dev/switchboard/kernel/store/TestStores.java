package dev.switchboard.kernel.store;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Helpers that open stores for tests. */
final class TestStores {

    private TestStores() {
    }

    /** A fresh base64 key, as an operator would put in the environment. */
    static String newKey() {
        return Base64.getEncoder().encodeToString(Secrets.randomBytes(32));
    }

    /** An in-memory store (its own database name) with a key from the injected environment. */
    static Store inMemory(Path dataDir, Clock clock) {
        return open(StoreBackend.H2, dataDir, clock);
    }

    /** A store on a new, empty database of {@code backend}, with a key from the injected environment. */
    static Store open(StoreBackend backend, Path dataDir, Clock clock) {
        return Store.open(backend.fresh(dataDir), clock, Map.of(EncryptionKeys.ENV_VAR, newKey()));
    }

    static StorageSettings memorySettings(Path dataDir) {
        return StoreBackend.H2.fresh(dataDir);
    }

    /** Runs {@code threads} virtual threads that each call {@code task} {@code times} times, and fails on any error. */
    static void concurrently(int threads, int times, ThrowingTask task) throws Exception {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < times; i++) {
                        task.run(thread, i);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
    }

    @FunctionalInterface
    interface ThrowingTask {
        void run(int thread, int iteration) throws Exception;
    }
}
