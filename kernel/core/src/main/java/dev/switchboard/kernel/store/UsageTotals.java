package dev.switchboard.kernel.store;

/**
 * Summed usage. Immutable.
 *
 * @param requests requests recorded (all outcomes)
 * @param errors   requests that ended in an error
 * @param aborted  requests aborted (client gone, stream cut)
 */
public record UsageTotals(long requests, long errors, long aborted, long inputTokens, long outputTokens,
                          long cacheCreationTokens, long cacheReadTokens) {

    public static final UsageTotals ZERO = new UsageTotals(0, 0, 0, 0, 0, 0, 0);

    public UsageTotals plus(UsageTotals o) {
        return new UsageTotals(requests + o.requests, errors + o.errors, aborted + o.aborted,
                inputTokens + o.inputTokens, outputTokens + o.outputTokens,
                cacheCreationTokens + o.cacheCreationTokens, cacheReadTokens + o.cacheReadTokens);
    }

    /** Every token figure summed (input, output, cache writes and cache reads): what token quotas count. */
    public long totalTokens() {
        return inputTokens + outputTokens + cacheCreationTokens + cacheReadTokens;
    }
}
