package dev.switchboard.spi;

/**
 * A plugin-supplied probe the kernel runs on its schedule to see whether an account works, ideally
 * without spending quota. Thread-safe.
 */
public interface AccountHealthCheck {

    /**
     * Checks one account.
     *
     * @return the quota figures learned on the way, or null
     * @throws GatewayException classified failure; its kind's account effect is applied
     */
    QuotaSnapshot check(Account account) throws GatewayException;
}
