package dev.switchboard.kernel.runtime;

import dev.switchboard.kernel.pool.PooledAccount;
import dev.switchboard.spi.Account;
import dev.switchboard.spi.GatewayException;

/**
 * What keeps a credential refresh single-flight beyond this gateway: with several gateways on one database, a lock
 * on the account that they all take ({@link #exclusive}) and the credential as stored ({@link #latest}), read under
 * that lock, because another instance may have rotated it a moment ago — a rotating refresh token must be used once.
 * Alone, the pool's copy is the stored one and the in-process single-flight is enough ({@link #LOCAL}). Thread-safe.
 */
public interface RefreshGuard {

    /** Work done under the account's lock. */
    @FunctionalInterface
    interface Work {
        Account run() throws GatewayException;
    }

    /** One gateway: nothing to exclude, nothing to re-read. */
    RefreshGuard LOCAL = new RefreshGuard() {
        @Override
        public Account latest(PooledAccount account) {
            return account.toAccount();
        }

        @Override
        public Account exclusive(PooledAccount account, Work work) throws GatewayException {
            return work.run();
        }
    };

    /** The account with its credential as stored now. */
    Account latest(PooledAccount account);

    /** Runs {@code work} while no other gateway refreshes the same account. */
    Account exclusive(PooledAccount account, Work work) throws GatewayException;
}
