package dev.switchboard.kernel.admin;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.kernel.config.AdminSettings;
import dev.switchboard.kernel.store.StorageSettings;
import dev.switchboard.kernel.store.Store;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.testkit.MutableClock;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Admin logins: increasing backoff per user name and address instead of a lockout, counted atomically. */
class LoginThrottleTest {
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 40000);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));

    private Store store() {
        return Store.open(StorageSettings.of(dir).withJdbcUrl("jdbc:h2:mem:throttle-" + System.nanoTime()), clock,
                Map.of());
    }

    private AdminAuth auth(Store store, int free, Duration window) {
        store.admin().ensureUser("admin", "pw-0123456789");
        return new AdminAuth(new AdminSettings(true, "admin", "pw-0123456789", Duration.ofHours(1), true, free, window),
                store.admin(), clock);
    }

    private static ErrorKind kind(ThrowingLogin call) {
        try {
            call.run();
            return null;
        } catch (GatewayException e) {
            return e.kind();
        }
    }

    private interface ThrowingLogin {
        void run() throws GatewayException;
    }

    @Test
    void backoffStartsAfterTheFreeFailuresDoublesUpToTheWindowAndTheRightPasswordWorksAfterIt() throws Exception {
        try (Store store = store()) {
            AdminAuth auth = auth(store, 3, Duration.ofSeconds(10));
            for (int i = 0; i < 3; i++) {
                assertEquals(ErrorKind.CLIENT_AUTH, kind(() -> auth.login("admin", "wrong", LOCAL)));
            }
            // After the 3 free failures each attempt waits 1 s, 2 s, 4 s, 8 s, then the 10 s window as the cap.
            long[] expected = {1, 2, 4, 8, 10, 10};
            for (long seconds : expected) {
                GatewayException e = assertThrows(GatewayException.class, () -> auth.login("admin", "pw-0123456789", LOCAL));
                assertEquals(ErrorKind.CLIENT_RATE_LIMITED, e.kind(), "even the right password waits");
                assertEquals(Duration.ofSeconds(seconds), e.retryAfter());
                clock.advance(Duration.ofSeconds(seconds).minusMillis(1));
                assertEquals(ErrorKind.CLIENT_RATE_LIMITED, kind(() -> auth.login("admin", "wrong", LOCAL)));
                clock.advance(Duration.ofMillis(1));
                assertEquals(ErrorKind.CLIENT_AUTH, kind(() -> auth.login("admin", "wrong", LOCAL)));
            }
            assertEquals(ErrorKind.CLIENT_RATE_LIMITED, kind(() -> auth.login("admin", "pw-0123456789", LOCAL)));
            clock.advance(Duration.ofSeconds(10));
            assertDoesNotThrow(() -> auth.login("admin", "pw-0123456789", LOCAL), "right password after the backoff");
            assertEquals(ErrorKind.CLIENT_AUTH, kind(() -> auth.login("admin", "wrong", LOCAL)),
                    "a success forgets the history");
        }
    }

    @Test
    void throttlingIsPerUserNameAndAddress() throws Exception {
        try (Store store = store()) {
            AdminAuth auth = auth(store, 1, Duration.ofMinutes(15));
            assertEquals(ErrorKind.CLIENT_AUTH, kind(() -> auth.login("mallory", "x", LOCAL)));
            assertEquals(ErrorKind.CLIENT_RATE_LIMITED, kind(() -> auth.login("mallory", "x", LOCAL)));
            assertDoesNotThrow(() -> auth.login("admin", "pw-0123456789", LOCAL),
                    "wrong logins for another user name do not hold back the admin");
            InetSocketAddress other = new InetSocketAddress("127.0.0.2", 1);
            assertEquals(ErrorKind.CLIENT_AUTH, kind(() -> auth.login("mallory", "x", other)), "another address");
        }
    }

    @Test
    void concurrentWrongLoginsGetExactlyTheFreeAttemptsChecked() throws Exception {
        try (Store store = store()) {
            AdminAuth auth = auth(store, 5, Duration.ofMinutes(15));
            int n = 100;
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(32);
            List<Future<ErrorKind>> results = new ArrayList<>();
            try {
                for (int i = 0; i < n; i++) {
                    results.add(pool.submit(() -> {
                        go.await();
                        return kind(() -> auth.login("admin", "wrong", LOCAL));
                    }));
                }
                go.countDown();
                int checked = 0;
                int throttled = 0;
                for (Future<ErrorKind> f : results) {
                    ErrorKind k = f.get(120, TimeUnit.SECONDS);
                    if (k == ErrorKind.CLIENT_AUTH) {
                        checked++;
                    } else if (k == ErrorKind.CLIENT_RATE_LIMITED) {
                        throttled++;
                    }
                }
                assertEquals(5, checked, "only the free attempts reached the password check");
                assertEquals(n - 5, throttled);
            } finally {
                pool.shutdownNow();
            }
            assertEquals(ErrorKind.CLIENT_RATE_LIMITED, kind(() -> auth.login("admin", "pw-0123456789", LOCAL)),
                    "the backoff started with the fifth failure");
            clock.advance(Duration.ofSeconds(1));
            assertDoesNotThrow(() -> auth.login("admin", "pw-0123456789", LOCAL));
        }
    }

    @Test
    void forgottenPairsArePrunedSoTheMapStaysBounded() throws Exception {
        LoginThrottle t = new LoginThrottle(1, Duration.ofSeconds(30), clock);
        for (int i = 0; i < LoginThrottle.MAX_ENTRIES; i++) {
            t.begin("k" + i);
            t.end("k" + i, false);
        }
        clock.advance(Duration.ofSeconds(61));
        t.begin("fresh");
        t.end("fresh", false);
        assertTrue(t.size() <= 2, "old entries were pruned: " + t.size());
        assertEquals(Duration.ofSeconds(30), t.backoff(100));
    }
}
