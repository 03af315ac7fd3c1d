package dev.switchboard.kernel.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.kernel.config.PoolSettings;
import dev.switchboard.kernel.pool.AccountPool;
import dev.switchboard.kernel.pool.ConversationAffinity;
import dev.switchboard.kernel.pool.MemoryAccountStore;
import dev.switchboard.spi.Account;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.testkit.MutableClock;
import jakarta.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The plugin-facing credential store: durable first, then live in the pool; one provider's accounts only. */
class PoolCredentialStoreTest {
    private final MutableClock clock = MutableClock.at("2026-11-22T10:00:00Z");
    private final MemoryAccountStore store = new MemoryAccountStore(clock);

    private PoolCredentialStore credentials(String provider) {
        AccountPool pool = new AccountPool(provider, PoolSettings.defaults(), store, clock,
                new ConversationAffinity(Duration.ofHours(1), 100, clock));
        pool.reload();
        return new PoolCredentialStore(provider, store, pool);
    }

    private static JsonObject creds(String key) {
        return Jsons.objectBuilder().add("api-key", key).build();
    }

    @Test
    void persistsRotationsAndFlowAccounts() {
        PoolCredentialStore cs = credentials("kiro");
        Account added = cs.upsert("device-1", creds("first"));
        assertEquals("first", added.credential("api-key"));
        assertEquals("flow", store.find("kiro", "device-1").orElseThrow().source());

        Account updated = cs.update(added, creds("second"));
        assertEquals("second", updated.credential("api-key"));
        assertEquals("second", store.find("kiro", "device-1").orElseThrow().credentials().getString("api-key"),
                "written to the store, not only the pool");
        assertEquals("second", cs.find("device-1").orElseThrow().credential("api-key"));
        assertEquals(added.id(), cs.upsert("device-1", creds("third")).id());
        assertEquals(1, cs.list().size());

        Account foreign = credentials("factory").upsert("f", creds("x"));
        assertThrows(IllegalArgumentException.class, () -> cs.update(foreign, creds("y")),
                "a provider cannot touch another provider's accounts");
    }
}
