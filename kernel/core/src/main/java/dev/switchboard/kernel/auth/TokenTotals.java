package dev.switchboard.kernel.auth;

import java.time.Instant;

/** Tokens a client key used since a point in time, from the usage store. Thread-safe. */
@FunctionalInterface
public interface TokenTotals {

    long tokensSince(String clientKey, Instant from);

    /** For running without storage: nothing used before this process started. */
    TokenTotals NONE = (k, f) -> 0L;
}
