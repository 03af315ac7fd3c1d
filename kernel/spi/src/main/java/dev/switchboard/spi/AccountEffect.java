package dev.switchboard.spi;

/**
 * What an error does to the account that served the attempt; decided from status codes, structured error codes and
 * headers, never from free text a client can influence.
 */
public enum AccountEffect {
    /** Nothing: client mistakes, content refusals. */
    NONE,
    /** Cooling until Retry-After (or the configured default). */
    COOLDOWN,
    /** Count an error; after N in a window the account cools. */
    COUNT_ERROR,
    /** Exhausted until the quota window resets (or an admin acts). */
    EXHAUST,
    /** Refresh the credential once; if that fails, reauth-required. */
    REAUTH,
    /** Banned by the upstream. */
    BAN
}
