package dev.switchboard.kernel.cluster;

import dev.switchboard.kernel.auth.RpmLimiter;
import dev.switchboard.kernel.store.RateBucketRepository;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Requests-per-minute limits enforced across the gateways on one database: the key's token bucket lives in the
 * database ({@link RateBucketRepository}) and each gateway takes tokens from it in batches of 1 % of the limit (at
 * least one), spending them locally. Tokens are only ever spent once they are taken from the shared bucket, so the
 * keys' limits hold across instances; what one instance holds in reserve may be spent a little later than it was
 * taken, so in any minute a key gets at most its limit plus one batch per instance — 1 % of the limit, or one
 * request, per instance. A refused key is refused locally until the bucket can have a token again, so a client
 * hammering past its limit costs no database work. Thread-safe; one lock per key, held only while it takes from the
 * database.
 */
final class SharedRateLimiter implements RpmLimiter {
    private final RateBucketRepository buckets;
    private final Clock clock;
    private final Map<String, Reserve> reserves = new ConcurrentHashMap<>();

    private static final class Reserve {
        final ReentrantLock lock = new ReentrantLock();
        int rpm;
        int tokens;
        long emptyUntil;
    }

    SharedRateLimiter(RateBucketRepository buckets, Clock clock) {
        this.buckets = buckets;
        this.clock = clock;
    }

    /** How many tokens one take asks for: 1 % of the limit, at least one. */
    static int batch(int rpm) {
        return Math.max(1, rpm / 100);
    }

    @Override
    public Duration acquire(String key, int rpm) {
        if (rpm <= 0) {
            return null;
        }
        Reserve r = reserves.computeIfAbsent(key, k -> new Reserve());
        r.lock.lock();
        try {
            if (r.rpm != rpm) { // a changed limit starts over: a reserve taken under the old one is not spent
                r.rpm = rpm;
                r.tokens = 0;
                r.emptyUntil = 0;
            }
            if (r.tokens > 0) {
                r.tokens--;
                return null;
            }
            long now = clock.millis();
            if (now < r.emptyUntil) {
                return Duration.ofMillis(r.emptyUntil - now);
            }
            RateBucketRepository.Grant g = buckets.take(key, rpm, batch(rpm), now);
            if (g.granted() > 0) {
                r.tokens = g.granted() - 1;
                return null;
            }
            r.emptyUntil = now + g.waitMillis();
            return Duration.ofMillis(g.waitMillis());
        } finally {
            r.lock.unlock();
        }
    }
}
