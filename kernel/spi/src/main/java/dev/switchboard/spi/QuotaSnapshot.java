package dev.switchboard.spi;

import java.time.Instant;

/**
 * An account's quota figures in the plugin's own unit (tokens, credits, percent).
 *
 * @param used     amount used in the current window, or null when unknown
 * @param limit    the window's allowance, or null when unknown/unlimited
 * @param resetsAt when the window resets, or null
 * @param unit     unit name for display ({@code tokens}, {@code credits}, {@code percent})
 */
public record QuotaSnapshot(Double used, Double limit, Instant resetsAt, String unit) {

    /** Remaining fraction in [0,1]; 1 when unknown (an account without figures is not penalised). */
    public double remainingFraction() {
        if (used == null || limit == null || limit <= 0) {
            return 1.0;
        }
        return Math.max(0.0, Math.min(1.0, (limit - used) / limit));
    }

    /** True when figures are known and nothing is left. */
    public boolean exhausted() {
        return used != null && limit != null && limit > 0 && used >= limit;
    }
}
