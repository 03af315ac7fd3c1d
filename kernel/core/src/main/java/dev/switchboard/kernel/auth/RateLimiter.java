package dev.switchboard.kernel.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests-per-minute limits per client key: a token bucket of {@code rpm} tokens refilled continuously
 * (rpm/60 per second), so bursts up to the limit pass and the rate evens out. Thread-safe; each bucket is
 * guarded by its own monitor.
 */
public final class RateLimiter implements RpmLimiter {
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(Clock clock) {
        this.clock = clock;
    }

    /**
     * Takes one request from the key's bucket.
     *
     * @return null when allowed, else how long until one request is allowed
     */
    @Override
    public Duration acquire(String key, int rpm) {
        if (rpm <= 0) {
            return null;
        }
        Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(rpm, clock.millis()));
        return b.take(rpm, clock.millis());
    }

    private static final class Bucket {
        private double tokens;
        private long lastMillis;

        Bucket(int rpm, long now) {
            this.tokens = rpm;
            this.lastMillis = now;
        }

        synchronized Duration take(int rpm, long now) {
            double perMilli = rpm / 60_000.0;
            tokens = Math.min(rpm, tokens + (now - lastMillis) * perMilli);
            lastMillis = now;
            if (tokens >= 1.0) {
                tokens -= 1.0;
                return null;
            }
            long waitMillis = (long) Math.ceil((1.0 - tokens) / perMilli);
            return Duration.ofMillis(Math.max(1, waitMillis));
        }
    }
}
