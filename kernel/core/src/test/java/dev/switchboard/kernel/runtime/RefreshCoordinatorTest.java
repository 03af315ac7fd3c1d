package dev.switchboard.kernel.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.kernel.config.PoolSettings;
import dev.switchboard.kernel.pool.AccountPool;
import dev.switchboard.kernel.pool.ConversationAffinity;
import dev.switchboard.kernel.pool.MemoryAccountStore;
import dev.switchboard.testkit.MutableClock;
import dev.switchboard.kernel.pool.PooledAccount;
import dev.switchboard.kernel.pool.RecordingPoolEvents;
import dev.switchboard.spi.Account;
import dev.switchboard.spi.AccountState;
import dev.switchboard.spi.CredentialRefresher;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Single-flight refresh, persisted before use; permanent and transient failures (issue 4 item 5). */
class RefreshCoordinatorTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    private final MemoryAccountStore store = new MemoryAccountStore(clock);
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicReference<GatewayException> failure = new AtomicReference<>();
    private final CountDownLatch inRefresh = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    private final CredentialRefresher refresher = new CredentialRefresher() {
        @Override
        public boolean canRefresh(Account account) {
            return true;
        }

        @Override
        public Optional<Instant> expiresAt(Account account) {
            return Optional.of(Instant.parse(account.credential("expires-at")));
        }

        @Override
        public JsonObject refresh(Account account) throws GatewayException {
            calls.incrementAndGet();
            inRefresh.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failure.get() != null) {
                throw failure.get();
            }
            return Jsons.objectBuilder(account.credentials()).add("access-token", "new")
                    .add("expires-at", clock.instant().plus(Duration.ofHours(1)).toString()).build();
        }
    };

    private PooledAccount setUp(AccountPool pool, Duration validFor) {
        store.upsertDeclared("p", "a", Jsons.objectBuilder().add("access-token", "old")
                .add("expires-at", clock.instant().plus(validFor).toString()).build(), 1, 1, null, true);
        pool.reload();
        return pool.find("a");
    }

    private AccountPool pool() {
        return new AccountPool("p", PoolSettings.defaults(), store, clock,
                new ConversationAffinity(Duration.ofHours(1), 100, clock));
    }

    @Test
    void concurrentCallersShareOneRefreshAndGetThePersistedCredential() throws Exception {
        AccountPool pool = pool();
        PooledAccount a = setUp(pool, Duration.ofMinutes(1)); // within the 5-minute margin
        RefreshCoordinator rc = new RefreshCoordinator(refresher, pool, clock);
        List<Thread> threads = new ArrayList<>();
        List<String> tokens = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 20; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    tokens.add(rc.ensureFresh(a, a.toAccount(), false).credential("access-token"));
                } catch (GatewayException e) {
                    tokens.add("failed: " + e.getMessage());
                }
            }));
        }
        inRefresh.await();
        release.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(1, calls.get(), "single-flight: one upstream refresh for 20 callers");
        assertEquals(20, tokens.stream().filter("new"::equals).count(), tokens.toString());
        assertEquals("new", store.find("p", "a").orElseThrow().credentials().getString("access-token"),
                "persisted in the store");
    }

    @Test
    void aPermanentRejectionMakesTheAccountReauthRequired() {
        AccountPool pool = pool();
        RecordingPoolEvents events = new RecordingPoolEvents();
        pool.events(events);
        PooledAccount a = setUp(pool, Duration.ofMinutes(1));
        failure.set(new GatewayException(ErrorKind.UPSTREAM_AUTH, "invalid_grant"));
        release.countDown();
        RefreshCoordinator rc = new RefreshCoordinator(refresher, pool, clock);
        assertThrows(GatewayException.class, () -> rc.ensureFresh(a, a.toAccount(), false));
        assertEquals(AccountState.REAUTH_REQUIRED, a.status().state());
        assertEquals(List.of("refresh:rejected"), events.seen, "counted for the metrics");
    }

    @Test
    void aTransientFailureKeepsTheStillValidCredential() throws GatewayException {
        AccountPool pool = pool();
        RecordingPoolEvents events = new RecordingPoolEvents();
        pool.events(events);
        PooledAccount a = setUp(pool, Duration.ofMinutes(2));
        failure.set(new GatewayException(ErrorKind.UPSTREAM_SERVER, "503"));
        release.countDown();
        RefreshCoordinator rc = new RefreshCoordinator(refresher, pool, clock);
        assertEquals("old", rc.ensureFresh(a, a.toAccount(), false).credential("access-token"));
        assertEquals(List.of("refresh:failed"), events.seen);
        assertEquals(AccountState.ACTIVE, a.status().state());
        clock.advance(Duration.ofMinutes(3)); // now expired: nothing usable is left
        assertThrows(GatewayException.class, () -> rc.ensureFresh(a, a.toAccount(), false));
    }
}
