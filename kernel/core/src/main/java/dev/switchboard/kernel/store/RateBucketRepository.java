package dev.switchboard.kernel.store;

import java.util.Objects;
import org.jdbi.v3.core.Jdbi;

/**
 * The {@code rate_buckets} table: one token bucket per client key, shared by every gateway on the database, for
 * requests-per-minute limits (a bucket holds up to {@code rpm} tokens and refills at {@code rpm} per minute, so
 * bursts up to the limit pass and the rate evens out). Callers take tokens in small batches; each take locks the
 * key's row for one short transaction. Times are epoch milliseconds of the callers' clocks; a caller whose clock
 * is behind the last refill refills nothing. Thread-safe.
 */
public final class RateBucketRepository {

    /**
     * What a take got.
     *
     * @param granted    tokens taken (0 when the bucket held less than one)
     * @param waitMillis when nothing was granted, how long until one token is there
     */
    public record Grant(int granted, long waitMillis) {
    }

    private final Jdbi jdbi;

    public RateBucketRepository(Jdbi jdbi) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    }

    /** Takes up to {@code want} whole tokens from the key's bucket at {@code nowMillis}. */
    public Grant take(String key, int rpm, int want, long nowMillis) {
        if (rpm < 1 || want < 1) {
            throw new IllegalArgumentException("rpm and want must be positive, got " + rpm + " and " + want);
        }
        ensureRow(key, rpm, nowMillis);
        return jdbi.inTransaction(h -> {
            double[] row = h.createQuery("SELECT tokens, refilled_at FROM rate_buckets WHERE key_name = :k FOR UPDATE")
                    .bind("k", key).map((rs, ctx) -> new double[] {rs.getDouble(1), rs.getLong(2)}).one();
            long refilled = (long) row[1];
            double perMilli = rpm / 60_000.0;
            double level = Math.min(rpm, row[0] + Math.max(0, nowMillis - refilled) * perMilli);
            int granted = level >= 1 ? (int) Math.min(want, Math.floor(level)) : 0;
            h.createUpdate("UPDATE rate_buckets SET tokens = :t, refilled_at = :at WHERE key_name = :k")
                    .bind("t", level - granted).bind("at", Math.max(refilled, nowMillis)).bind("k", key).execute();
            long wait = granted > 0 ? 0 : Math.max(1, (long) Math.ceil((1.0 - level) / perMilli));
            return new Grant(granted, wait);
        });
    }

    /** A key's first take creates its full bucket; of several creating it at once, one insert wins. */
    private void ensureRow(String key, int rpm, long nowMillis) {
        boolean exists = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM rate_buckets WHERE key_name = :k")
                .bind("k", key).mapTo(Long.class).one()) > 0;
        if (exists) {
            return;
        }
        try {
            jdbi.useHandle(h -> h.createUpdate("INSERT INTO rate_buckets(key_name, tokens, refilled_at) VALUES (:k, :t, :at)")
                    .bind("k", key).bind("t", (double) rpm).bind("at", nowMillis).execute());
        } catch (RuntimeException e) {
            if (!SqlErrors.isDuplicateKey(e)) {
                throw e;
            }
        }
    }

    /** Forgets a key's bucket (the key was deleted). */
    public void delete(String key) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM rate_buckets WHERE key_name = :k").bind("k", key).execute());
    }
}
