package dev.switchboard.kernel.auth;

/** Tokens a client key used in the current UTC day and month, from the usage store. Thread-safe. */
public interface TokenTotals {

    long tokensToday(String clientKey);

    long tokensThisMonth(String clientKey);
}
