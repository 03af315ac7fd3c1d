package dev.switchboard.bench;

import dev.switchboard.kernel.config.PoolSettings;
import dev.switchboard.kernel.pool.AccountPool;
import dev.switchboard.kernel.pool.ConversationAffinity;
import dev.switchboard.kernel.pool.Lease;
import dev.switchboard.kernel.pool.MemoryAccountStore;
import dev.switchboard.spi.json.Jsons;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Leasing and releasing an account from one tier of {@code accounts} accounts (issue 4: a linear scan of a
 * tier is fine up to ~1,000 accounts — this measures it), per strategy, with concurrent callers. The store is
 * the in-memory one, so the figures are selection plus an in-memory counter update, without database writes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(2)
public class PoolSelectionBenchmark {
    @Param({"10", "1000"})
    public int accounts;

    @Param({"round-robin", "least-used", "weighted", "most-remaining"})
    public String strategy;

    private AccountPool pool;

    @Setup
    public void build() {
        Clock clock = Clock.systemUTC();
        MemoryAccountStore store = new MemoryAccountStore(clock);
        for (int i = 0; i < accounts; i++) {
            store.upsertDeclared("p", "a" + i, Jsons.objectBuilder().add("api-key", "k" + i).build(), 1, 1 + i % 3,
                    null, true);
        }
        PoolSettings d = PoolSettings.defaults();
        pool = new AccountPool("p", new PoolSettings(strategy, false, d.cooldown(), d.errorThreshold(), d.errorWindow(),
                d.errorCooldown(), 0, false, d.healthInterval(), d.recoveryInterval(), d.usageSyncInterval(),
                d.refreshCheckInterval()), store, clock, new ConversationAffinity(Duration.ofMinutes(1), 10, clock));
        pool.reload();
    }

    @Benchmark
    public long leaseAndRelease() {
        try (Lease l = pool.acquire(Set.of(), null).lease()) {
            l.success(10, 10);
            return l.pooled().id();
        }
    }
}
