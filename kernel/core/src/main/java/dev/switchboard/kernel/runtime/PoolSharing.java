package dev.switchboard.kernel.runtime;

import dev.switchboard.kernel.pool.AccountPool;
import dev.switchboard.kernel.pool.PinStore;

/**
 * What the pools of gateways sharing one database share beyond the accounts table: conversation pins and the
 * refresh lock. Alone, nothing ({@link #NONE}). Thread-safe.
 */
public interface PoolSharing {

    PoolSharing NONE = new PoolSharing() {
        @Override
        public PinStore pins(String provider) {
            return PinStore.NONE;
        }

        @Override
        public RefreshGuard refreshGuard(AccountPool pool) {
            return RefreshGuard.LOCAL;
        }
    };

    /** Where the conversation pins of a provider instance live besides this gateway's memory. */
    PinStore pins(String provider);

    /** How a pool's credential refreshes stay single-flight across gateways. */
    RefreshGuard refreshGuard(AccountPool pool);
}
