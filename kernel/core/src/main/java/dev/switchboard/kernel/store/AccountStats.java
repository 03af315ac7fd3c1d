package dev.switchboard.kernel.store;

import java.time.Instant;

/**
 * An account's lifetime counters, as stored. Immutable snapshot.
 *
 * @param requestCount attempts served (successes and errors)
 * @param successCount successful attempts
 * @param errorCount   failed attempts
 * @param inputTokens  input tokens of successful attempts
 * @param outputTokens output tokens of successful attempts
 * @param lastError    the last error message (no secrets), or null
 * @param lastErrorAt  when it happened, or null
 */
public record AccountStats(long requestCount, long successCount, long errorCount, long inputTokens, long outputTokens,
                           String lastError, Instant lastErrorAt) {
}
