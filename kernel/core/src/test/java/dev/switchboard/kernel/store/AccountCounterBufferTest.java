package dev.switchboard.kernel.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.AccountState;
import jakarta.json.Json;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.api.io.TempDir;

/**
 * Account counters live in memory and reach the database as increments: within the flush interval, at close,
 * adding up across gateways that share the database; state changes are written at once.
 */
@BothDatabases
class AccountCounterBufferTest {

    @Parameter
    StoreBackend backend;
    @TempDir
    Path dir;

    private static long insert(Store store, String name) {
        return store.accounts().insert(new AccountSpec("p", name, Json.createObjectBuilder().add("api-key", "k")
                .build(), 1, 1, null), AccountSource.ADMIN).id();
    }

    @Test
    void countersReachTheDatabaseWithinTheFlushInterval() throws Exception {
        try (Store store = TestStores.open(backend, dir, Clock.systemUTC());
             AccountCounterBuffer buffer = new AccountCounterBuffer(store.accounts(), Duration.ofMillis(100))) {
            long id = insert(store, "a");
            TestStores.concurrently(20, 50, (t, i) -> buffer.recordSuccess(id, 2, 3, Instant.now()));
            buffer.recordError(id, "upstream 500", Instant.now());
            AccountStats s = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                s = store.accounts().find(id).orElseThrow().stats();
                if (s.requestCount() == 1001) {
                    break;
                }
                Thread.sleep(20);
            }
            assertEquals(1001, s.requestCount(), "flushed by the periodic flush, not by close");
            assertEquals(1, s.errorCount());
            assertEquals(2000, s.inputTokens());
            assertEquals(3000, s.outputTokens());
            assertEquals("upstream 500", s.lastError());
            assertEquals(0, buffer.pendingAccounts());
        }
    }

    @Test
    void closeFlushesAndGatewaysSharingTheDatabaseAddUp() throws Exception {
        try (Store store = TestStores.open(backend, dir, Clock.systemUTC())) {
            long id = insert(store, "a");
            AccountCounterBuffer one = new AccountCounterBuffer(store.accounts(), Duration.ofHours(1));
            AccountCounterBuffer two = new AccountCounterBuffer(store.accounts(), Duration.ofHours(1));
            for (int i = 0; i < 5; i++) {
                one.recordSuccess(id, 1, 1, Instant.now());
                two.recordSuccess(id, 10, 10, Instant.now());
            }
            assertEquals(0, store.accounts().find(id).orElseThrow().stats().requestCount(), "still in memory");
            one.close();
            two.close();
            AccountStats s = store.accounts().find(id).orElseThrow().stats();
            assertEquals(10, s.requestCount(), "increments, not absolute values: both gateways count");
            assertEquals(55, s.inputTokens());
        }
    }

    @Test
    void stateChangesAreWrittenAtOnce() throws Exception {
        try (Store store = TestStores.open(backend, dir, Clock.systemUTC());
             AccountCounterBuffer buffer = new AccountCounterBuffer(store.accounts(), Duration.ofHours(1))) {
            long id = insert(store, "a");
            buffer.updateState(id, AccountState.COOLING, "upstream rate limit", Instant.now().plusSeconds(60));
            assertEquals(AccountState.COOLING, store.accounts().find(id).orElseThrow().state());
            assertTrue(buffer.pendingAccounts() == 0);
        }
    }
}
