package dev.switchboard.kernel.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.api.io.TempDir;

/** Group commit of usage rows: shared transactions, durable on return, failures fail exactly their callers. */
@BothDatabases
class UsageWriterTest {

    @Parameter
    StoreBackend backend;
    @TempDir
    Path dir;

    @Test
    void concurrentRowsShareTransactionsAndAreAllCommittedOnReturn() throws Exception {
        try (Store store = TestStores.open(backend, dir, Clock.systemUTC());
             UsageWriter writer = new UsageWriter(store.usage())) {
            int threads = 64;
            int each = 20;
            TestStores.concurrently(threads, each, (t, i) -> writer.write(
                    UsageRows.row(Instant.now(), "k", "p", "a", "m", 3, 4, UsageOutcome.OK)));
            long rows = store.database().jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM usage")
                    .mapTo(Long.class).one());
            assertEquals(threads * each, rows, "every write returned after its row was committed");
            assertEquals(threads * each, writer.rows());
            assertTrue(writer.commits() < threads * each, "rows shared transactions: " + writer.commits()
                    + " commits for " + rows + " rows");
        }
    }

    @Test
    void aFailingGroupCommitFailsEveryRequestInItAndWritesNothing() throws Exception {
        CountDownLatch firstCommitEntered = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        Consumer<List<UsageRepository.Write>> failing = writes -> {
            if (calls.incrementAndGet() == 1) {
                firstCommitEntered.countDown(); // hold the writer so the next rows pile up into one batch
                await(releaseFirst);
                return;
            }
            throw new IllegalStateException("disk full");
        };
        try (UsageWriter writer = new UsageWriter(failing);
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> first = pool.submit(() -> writer.write(row("first")));
            assertTrue(firstCommitEntered.await(30, TimeUnit.SECONDS));
            List<Future<?>> batch = new java.util.ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int n = i;
                batch.add(pool.submit(() -> writer.write(row("m" + n))));
            }
            releaseFirst.countDown();
            first.get(30, TimeUnit.SECONDS);
            for (Future<?> f : batch) {
                Exception e = assertThrows(java.util.concurrent.ExecutionException.class,
                        () -> f.get(30, TimeUnit.SECONDS));
                assertTrue(e.getCause() instanceof UsageWriter.UsageNotRecorded, String.valueOf(e.getCause()));
            }
            assertEquals(1, writer.rows(), "only the first row was committed");
        }
    }

    @Test
    void aRowTheDatabaseRefusesFailsOnlyItsOwnRequest() throws Exception {
        try (Store store = TestStores.open(backend, dir, Clock.systemUTC());
             UsageWriter writer = new UsageWriter(store.usage());
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            String tooLong = "x".repeat(5000); // wider than the model column
            List<Future<?>> good = new java.util.ArrayList<>();
            Future<?> bad = pool.submit(() -> writer.write(row(tooLong)));
            for (int i = 0; i < 20; i++) {
                int n = i;
                good.add(pool.submit(() -> writer.write(row("ok-" + n))));
            }
            for (Future<?> f : good) {
                f.get(30, TimeUnit.SECONDS);
            }
            Exception e = assertThrows(java.util.concurrent.ExecutionException.class, () -> bad.get(30, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof UsageWriter.UsageNotRecorded);
            List<String> models = store.database().jdbi().withHandle(h -> h.createQuery(
                    "SELECT route_model FROM usage").mapTo(String.class).list());
            assertEquals(20, models.size(), "the 20 good rows, nothing of the refused one: " + models.size());
            assertTrue(models.stream().allMatch(m -> m.startsWith("ok-")));
        }
    }

    @Test
    void checkpointsAreReplacedByTheStreamsFinalRow() throws Exception {
        try (Store store = TestStores.open(backend, dir, Clock.systemUTC());
             UsageWriter writer = new UsageWriter(store.usage())) {
            writer.checkpoint(42, UsageRows.row(Instant.now(), "k", "p", "a", "s", 5, 1, UsageOutcome.ABORTED));
            writer.checkpoint(42, UsageRows.row(Instant.now(), "k", "p", "a", "s", 5, 7, UsageOutcome.ABORTED));
            writer.write(42, UsageRows.row(Instant.now(), "k", "p", "a", "s", 5, 9, UsageOutcome.OK));
            List<String> rows = store.database().jdbi().withHandle(h -> h.createQuery(
                    "SELECT outcome || ':' || output_tokens FROM usage WHERE stream_key = 42").mapTo(String.class).list());
            assertEquals(List.of("ok:9"), rows);
        }
    }

    @Test
    void closeCommitsWhatIsQueuedAndRefusesLaterRows() throws Exception {
        try (Store store = TestStores.open(backend, dir, Clock.systemUTC())) {
            UsageWriter writer = new UsageWriter(store.usage());
            writer.checkpoint(7, UsageRows.row(Instant.now(), "k", "p", "a", "s", 1, 1, UsageOutcome.ABORTED));
            writer.close();
            long rows = store.database().jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM usage")
                    .mapTo(Long.class).one());
            assertEquals(1, rows);
            assertThrows(UsageWriter.UsageNotRecorded.class, () -> writer.write(row("late")));
        }
    }

    private static UsageRecord row(String model) {
        return UsageRows.row(Instant.now(), "k", "p", "a", model, 1, 1, UsageOutcome.OK);
    }

    private static void await(CountDownLatch l) {
        try {
            l.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
