package dev.switchboard.kernel.pool;

import dev.switchboard.testkit.MutableClock;
import dev.switchboard.kernel.config.PoolSettings;
import dev.switchboard.spi.QuotaSnapshot;
import jakarta.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/** Builds pools over a {@link MemoryAccountStore} for unit tests. */
final class PoolTestSupport {
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    final MemoryAccountStore store = new MemoryAccountStore(clock);

    AccountPool pool(String strategy, boolean affinity, int maxConcurrency) {
        PoolSettings d = PoolSettings.defaults();
        PoolSettings s = new PoolSettings(strategy, affinity, d.cooldown(), d.errorThreshold(), d.errorWindow(),
                d.errorCooldown(), maxConcurrency, d.healthCheck(), d.healthInterval(), d.recoveryInterval(),
                d.usageSyncInterval(), d.refreshCheckInterval());
        return new AccountPool("p", s, store, clock, new ConversationAffinity(Duration.ofHours(1), 1000, clock));
    }

    AccountRecord add(String name, int tier, int weight) {
        AccountRecord r = store.upsertDeclared("p", name, Json.createObjectBuilder().add("api-key", "k-" + name).build(),
                tier, weight, null, true);
        clock.advance(Duration.ofSeconds(1)); // distinct creation times for oldest-first
        return r;
    }

    void quota(String name, double used, double limit) {
        AccountRecord r = store.find("p", name).orElseThrow();
        store.updateQuota(r.id(), new QuotaSnapshot(used, limit, null, "credits"));
    }

    /** Leases and immediately releases one account; returns its name. */
    static String pick(AccountPool pool, String conversation) {
        AccountPool.Result r = pool.acquire(Set.of(), conversation);
        if (r.lease() == null) {
            return null;
        }
        try (Lease l = r.lease()) {
            l.success(10, 5);
            return l.pooled().name();
        }
    }
}
