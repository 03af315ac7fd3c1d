package dev.switchboard.kernel.store;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Summed usage. Immutable.
 *
 * @param requests         requests recorded (all outcomes)
 * @param errors           requests that ended in an error
 * @param aborted          requests aborted (client gone, stream cut)
 * @param cost             summed cost of the priced rows, in the price table's currency
 * @param unpricedRequests rows that had tokens but no price (their cost is missing from {@code cost})
 * @param credits          summed upstream-metered credits (Kiro)
 */
public record UsageTotals(long requests, long errors, long aborted, long inputTokens, long outputTokens,
                          long cacheCreationTokens, long cacheReadTokens, BigDecimal cost, long unpricedRequests,
                          double credits) {

    public static final UsageTotals ZERO = new UsageTotals(0, 0, 0, 0, 0, 0, 0);

    public UsageTotals {
        // Canonical form, so equal amounts are equal records whatever scale the database or a sum produced.
        cost = Objects.requireNonNull(cost, "cost").stripTrailingZeros();
    }

    /** Token totals without cost or credits. */
    public UsageTotals(long requests, long errors, long aborted, long inputTokens, long outputTokens,
                       long cacheCreationTokens, long cacheReadTokens) {
        this(requests, errors, aborted, inputTokens, outputTokens, cacheCreationTokens, cacheReadTokens,
                BigDecimal.ZERO, 0, 0);
    }

    public UsageTotals plus(UsageTotals o) {
        return new UsageTotals(requests + o.requests, errors + o.errors, aborted + o.aborted,
                inputTokens + o.inputTokens, outputTokens + o.outputTokens,
                cacheCreationTokens + o.cacheCreationTokens, cacheReadTokens + o.cacheReadTokens,
                cost.add(o.cost), unpricedRequests + o.unpricedRequests, credits + o.credits);
    }

    /** Every token figure summed (input, output, cache writes and cache reads): what token quotas count. */
    public long totalTokens() {
        return inputTokens + outputTokens + cacheCreationTokens + cacheReadTokens;
    }
}
