package dev.switchboard.kernel.cluster;

import dev.switchboard.kernel.pool.AccountPool;
import dev.switchboard.kernel.pool.PooledAccount;
import dev.switchboard.kernel.runtime.RefreshGuard;
import dev.switchboard.kernel.store.InstanceLocks;
import dev.switchboard.kernel.store.StorageException;
import dev.switchboard.spi.Account;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import java.time.Duration;

/**
 * Refreshes of one pool single-flight across the gateways on a database: under the account's instance lock the
 * refresher re-reads the stored credential, so the gateway that waited for the lock sees the one rotated by the
 * gateway that held it and does not spend the (rotating) refresh token again. A lock not had within
 * {@value #WAIT_SECONDS} s fails the refresh like a transient upstream failure. Thread-safe.
 */
final class SharedRefreshGuard implements RefreshGuard {
    static final long WAIT_SECONDS = 60;

    private final AccountPool pool;
    private final InstanceLocks locks;

    SharedRefreshGuard(AccountPool pool, InstanceLocks locks) {
        this.pool = pool;
        this.locks = locks;
    }

    @Override
    public Account latest(PooledAccount account) {
        return pool.resync(account).toAccount();
    }

    @Override
    public Account exclusive(PooledAccount account, Work work) throws GatewayException {
        try {
            return locks.withAccountLock(account.id(), Duration.ofSeconds(WAIT_SECONDS), work::run);
        } catch (StorageException e) {
            throw new GatewayException(ErrorKind.INTERNAL, "the credential of '" + account.name()
                    + "' could not be refreshed: " + e.getMessage(), e);
        }
    }
}
