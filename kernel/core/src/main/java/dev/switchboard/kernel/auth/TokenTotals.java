package dev.switchboard.kernel.auth;

import java.math.BigDecimal;

/**
 * What a client key used in the current UTC day and month, from the usage store: the figures its token quotas
 * and cost limits start from. Thread-safe.
 */
public interface TokenTotals {

    long tokensToday(String clientKey);

    long tokensThisMonth(String clientKey);

    /** Summed cost of today's priced rows, in the price table's currency. */
    BigDecimal costToday(String clientKey);

    BigDecimal costThisMonth(String clientKey);
}
