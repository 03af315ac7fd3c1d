package dev.switchboard.kernel.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.AccountState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Selection strategies, aliases, tiers and concurrency limits (issue 4 item 2). */
class StrategiesTest {

    private static Map<String, Integer> spread(AccountPool pool, int n) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < n; i++) {
            counts.merge(PoolTestSupport.pick(pool, null), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void roundRobinSpreadsEvenly() {
        PoolTestSupport t = new PoolTestSupport();
        t.add("a", 1, 1);
        t.add("b", 1, 1);
        t.add("c", 1, 1);
        AccountPool pool = t.pool("round-robin", false, 0);
        pool.reload();
        assertEquals(Map.of("a", 10, "b", 10, "c", 10), spread(pool, 30));
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            order.add(PoolTestSupport.pick(pool, null));
        }
        assertEquals(List.of("a", "b", "c", "a", "b", "c"), order);
    }

    @Test
    void randomUsesEveryAccount() {
        PoolTestSupport t = new PoolTestSupport();
        t.add("a", 1, 1);
        t.add("b", 1, 1);
        t.add("c", 1, 1);
        AccountPool pool = t.pool("random", false, 0);
        pool.reload();
        Map<String, Integer> counts = spread(pool, 600);
        assertEquals(Set.of("a", "b", "c"), counts.keySet());
        counts.values().forEach(c -> assertTrue(c > 120, "roughly uniform: " + counts));
    }

    @Test
    void lruPicksTheLeastRecentlyUsed() {
        PoolTestSupport t = new PoolTestSupport();
        t.add("a", 1, 1);
        t.add("b", 1, 1);
        t.add("c", 1, 1);
        AccountPool pool = t.pool("lru", false, 0);
        pool.reload();
        assertEquals("a", PoolTestSupport.pick(pool, null), "never used first, ties by id");
        t.clock.advance(Duration.ofSeconds(1));
        assertEquals("b", PoolTestSupport.pick(pool, null));
        t.clock.advance(Duration.ofSeconds(1));
        assertEquals("c", PoolTestSupport.pick(pool, null));
        t.clock.advance(Duration.ofSeconds(1));
        assertEquals("a", PoolTestSupport.pick(pool, null), "a was used longest ago");
    }

    @Test
    void leastUsedAndLeastTokensBalanceCounters() {
        PoolTestSupport t = new PoolTestSupport();
        t.add("a", 1, 1);
        t.add("b", 1, 1);
        AccountPool pool = t.pool("least-used", false, 0);
        pool.reload();
        assertEquals(Map.of("a", 5, "b", 5), spread(pool, 10));

        PoolTestSupport u = new PoolTestSupport();
        u.add("a", 1, 1);
        u.add("b", 1, 1);
        AccountPool tokens = u.pool("least-token-used", false, 0); // droid2api alias
        tokens.reload();
        assertEquals("least-tokens", tokens.strategy());
        try (Lease l = tokens.acquire(Set.of(), null).lease()) {
            assertEquals("a", l.pooled().name());
            l.success(10_000, 5_000);
        }
        assertEquals(Map.of("b", 4), spread(tokens, 4), "b has used far fewer tokens");
    }

    @Test
    void leastInFlightPrefersIdleAccounts() {
        PoolTestSupport t = new PoolTestSupport();
        t.add("a", 1, 1);
        t.add("b", 1, 1);
        AccountPool pool = t.pool("least-in-flight", false, 0);
        pool.reload();
        Lease held = pool.acquire(Set.of(), null).lease();
        assertEquals("a", held.pooled().name());
        assertEquals("b", PoolTestSupport.pick(pool, null));
        held.close();
        assertEquals("a", PoolTestSupport.pick(pool, null));
    }

    @Test
    void weightedFollowsWeightTimesHealth() {
        PoolTestSupport t = new PoolTestSupport();
        t.add("heavy", 1, 9);
        t.add("light", 1, 1);
        AccountPool pool = t.pool("weighted-score", false, 0); // alias
        pool.reload();
        assertEquals("weighted", pool.strategy());
        Map<String, Integer> counts = spread(pool, 2000);
        assertTrue(counts.get("heavy") > 1500 && counts.get("light") > 80, counts.toString());
    }

    @Test
    void remainingQuotaStrategiesAndTheirAliases() {
        PoolTestSupport t = new PoolTestSupport();
        t.add("full", 1, 1);
        t.add("half", 1, 1);
        t.add("nearly-empty", 1, 1);
        t.quota("full", 0, 100);
        t.quota("half", 50, 100);
        t.quota("nearly-empty", 95, 100);
        AccountPool most = t.pool("most_usage", false, 0); // OctoProxy: most remaining
        most.reload();
        assertEquals("most-remaining", most.strategy());
        assertEquals("full", PoolTestSupport.pick(most, null));
        AccountPool least = t.pool("least_usage", false, 0); // OctoProxy: least remaining
        least.reload();
        assertEquals("least-remaining", least.strategy());
        assertEquals("nearly-empty", PoolTestSupport.pick(least, null));
        AccountPool max = t.pool("max-remaining", false, 0); // droid2api alias
        max.reload();
        assertEquals("full", PoolTestSupport.pick(max, null));
    }

    @Test
    void oldestFirstAndItsAlias() {
        PoolTestSupport t = new PoolTestSupport();
        t.add("old", 1, 1);
        t.add("new", 1, 1);
        AccountPool pool = t.pool("oldest_first", false, 0);
        pool.reload();
        assertEquals(Map.of("old", 5), spread(pool, 5));
    }

    @Test
    void unknownStrategyIsRejectedWithTheVocabulary() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Strategies.create("fastest"));
        assertTrue(e.getMessage().contains("round-robin") && e.getMessage().contains("weighted-score"), e.getMessage());
        assertEquals("round-robin", Strategies.canonical("round_robin"));
    }

    @Test
    void tiersFallThroughOnlyWhenNothingInTheTierIsAvailable() {
        PoolTestSupport t = new PoolTestSupport();
        t.add("t1-a", 1, 1);
        t.add("t1-b", 1, 1);
        t.add("t2", 2, 1);
        AccountPool pool = t.pool("round-robin", false, 0);
        pool.reload();
        assertEquals(Map.of("t1-a", 5, "t1-b", 5), spread(pool, 10), "tier 2 is not used while tier 1 serves");
        pool.setState(pool.find("t1-a"), AccountState.COOLING, "test", t.clock.instant().plusSeconds(60));
        pool.setState(pool.find("t1-b"), AccountState.DISABLED, "test", null);
        assertEquals("t2", PoolTestSupport.pick(pool, null));
        t.clock.advance(Duration.ofSeconds(61));
        assertEquals("t1-a", PoolTestSupport.pick(pool, null), "a cooled account recovers by itself");
    }

    @Test
    void nothingAvailableReportsTheSoonestRecovery() {
        PoolTestSupport t = new PoolTestSupport();
        t.add("a", 1, 1);
        t.add("b", 1, 1);
        AccountPool pool = t.pool("round-robin", false, 0);
        pool.reload();
        pool.setState(pool.find("a"), AccountState.COOLING, "x", t.clock.instant().plusSeconds(30));
        pool.setState(pool.find("b"), AccountState.EXHAUSTED, "x", t.clock.instant().plusSeconds(90));
        AccountPool.Result r = pool.acquire(Set.of(), null);
        assertNull(r.lease());
        assertEquals(Duration.ofSeconds(30), r.shortage().retryAfter());
        pool.setState(pool.find("a"), AccountState.BANNED, "x", null);
        pool.setState(pool.find("b"), AccountState.REAUTH_REQUIRED, "x", null);
        assertNull(pool.acquire(Set.of(), null).shortage().retryAfter(), "nothing will come back by itself");
    }

    @Test
    void concurrencyLimitHoldsUnder200VirtualThreads() throws Exception {
        PoolTestSupport t = new PoolTestSupport();
        t.add("a", 1, 1);
        t.add("b", 1, 1);
        AccountPool pool = t.pool("round-robin", false, 3);
        pool.reload();
        Map<String, AtomicInteger> current = Map.of("a", new AtomicInteger(), "b", new AtomicInteger());
        AtomicInteger maxSeen = new AtomicInteger();
        AtomicInteger served = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    start.await();
                    for (int k = 0; k < 20; k++) {
                        AccountPool.Result r = pool.acquire(Set.of(), null);
                        if (r.lease() == null) {
                            refused.incrementAndGet();
                            Thread.yield();
                            continue;
                        }
                        try (Lease l = r.lease()) {
                            int now = current.get(l.pooled().name()).incrementAndGet();
                            maxSeen.accumulateAndGet(now, Math::max);
                            Thread.yield();
                            current.get(l.pooled().name()).decrementAndGet();
                            served.incrementAndGet();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        start.countDown();
        for (Thread th : threads) {
            th.join();
        }
        assertTrue(maxSeen.get() <= 3, "never more than 3 in flight per account, saw " + maxSeen.get());
        assertEquals(4000, served.get() + refused.get());
        assertTrue(served.get() > 0);
        assertEquals(0, pool.find("a").inFlight() + pool.find("b").inFlight(), "every slot released");
        assertTrue(refused.get() == 0 || pool.acquire(Set.of(), null).lease() != null);
    }
}
