package dev.switchboard.kernel.pool;

import java.time.Duration;

/**
 * No account of a pool can take the request now.
 *
 * @param retryAfter when one is expected back (cooling or busy accounts), or null when none will come back by
 *                   itself (empty pool, everything disabled, banned or awaiting re-authentication)
 * @param reason     a short, secret-free explanation for logs and error messages
 */
public record NoAccountAvailable(Duration retryAfter, String reason) {

    /** True when waiting helps: 429 with Retry-After rather than 529/503 (docs/architecture.md#status-codes). */
    public boolean transientShortage() {
        return retryAfter != null;
    }
}
