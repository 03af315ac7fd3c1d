package dev.switchboard.kernel.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/** The tables gateways sharing a database keep their common state in: rate buckets and conversation pins. */
@BothDatabases
class SharedTablesTest {

    @Parameter
    StoreBackend backend;
    @TempDir
    Path dir;
    final MutableClock clock = MutableClock.at("2026-03-10T12:00:00Z");
    Store store;

    @BeforeEach
    void open() {
        store = TestStores.open(backend, dir, clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aBucketStartsFullGrantsWholeTokensAndRefillsAtItsRate() {
        RateBucketRepository buckets = store.rateBuckets();
        long t = 1_000_000;
        assertEquals(new RateBucketRepository.Grant(3, 0), buckets.take("k", 6, 3, t));
        assertEquals(new RateBucketRepository.Grant(3, 0), buckets.take("k", 6, 5, t), "what is left, not more");
        RateBucketRepository.Grant empty = buckets.take("k", 6, 1, t);
        assertEquals(0, empty.granted());
        assertEquals(10_000, empty.waitMillis(), "six a minute: one every ten seconds");
        assertEquals(0, buckets.take("k", 6, 1, t + 9_999).granted());
        assertEquals(1, buckets.take("k", 6, 1, t + 10_000).granted());
        assertEquals(6, buckets.take("k", 6, 10, t + 3_600_000).granted(), "never more than a full bucket");
        assertEquals(0, buckets.take("k", 6, 1, t + 1_000).granted(), "a clock behind the last refill refills nothing");
    }

    @Test
    void concurrentTakesNeverGrantMoreThanTheBucketHolds() throws Exception {
        RateBucketRepository buckets = store.rateBuckets();
        AtomicInteger granted = new AtomicInteger();
        TestStores.concurrently(12, 10, (thread, i) -> granted.addAndGet(buckets.take("busy", 50, 1, 5_000).granted()));
        assertEquals(50, granted.get());
    }

    @Test
    void pinsAreFoundUntilTheyExpireAndPrunedToTheirBounds() {
        AffinityPinRepository pins = store.affinityPins();
        String conversation = AffinityPinRepository.digest("session-1");
        assertEquals(64, conversation.length());
        Instant t0 = clock.instant();
        pins.save("p", conversation, 7, t0);
        assertEquals(Optional.of(7L), pins.find("p", conversation, t0.minus(Duration.ofHours(1))));
        assertEquals(Optional.empty(), pins.find("other", conversation, t0.minus(Duration.ofHours(1))));
        pins.save("p", conversation, 8, t0.plusSeconds(1));
        assertEquals(Optional.of(8L), pins.find("p", conversation, t0), "moved");
        assertEquals(Optional.empty(), pins.find("p", conversation, t0.plusSeconds(1)), "used before notBefore: expired");

        pins.touch("p", Map.of(conversation, t0.plusSeconds(100)));
        pins.touch("p", Map.of(conversation, t0.plusSeconds(50)));
        assertEquals(Optional.of(8L), pins.find("p", conversation, t0.plusSeconds(99)), "a touch never moves it back");

        for (int i = 0; i < 10; i++) {
            pins.save("p", AffinityPinRepository.digest("c" + i), i, t0.plusSeconds(200 + i));
        }
        assertEquals(11, pins.count("p"));
        assertEquals(1, pins.prune("p", t0.plusSeconds(100), 100), "the expired one");
        assertEquals(6, pins.prune("p", t0, 4), "the oldest beyond the bound");
        assertEquals(4, pins.count("p"));
        assertTrue(pins.find("p", AffinityPinRepository.digest("c9"), t0).isPresent(), "the newest are kept");
    }
}
