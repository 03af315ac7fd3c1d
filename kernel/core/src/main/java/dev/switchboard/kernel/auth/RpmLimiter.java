package dev.switchboard.kernel.auth;

import java.time.Duration;

/**
 * Requests-per-minute limits of client keys: in memory for one gateway ({@link RateLimiter}), or shared by the
 * gateways on one database. Thread-safe.
 */
public interface RpmLimiter {

    /**
     * Takes one request from the key's allowance.
     *
     * @param rpm the key's limit; 0 or less means none
     * @return null when allowed, else how long until one request is allowed
     */
    Duration acquire(String key, int rpm);
}
