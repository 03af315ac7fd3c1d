package dev.switchboard.kernel.store;

import java.time.Duration;

/**
 * Mutual exclusion between gateways that share a database: on PostgreSQL, advisory locks held by a transaction
 * ({@link PostgresLocks}), so a gateway that dies mid-task releases them with its connection; on an embedded
 * database, where one gateway is alone, they exclude nobody ({@link #LOCAL}: the callers' own in-process
 * single-flight does the rest). Thread-safe.
 */
public interface InstanceLocks {

    /** Work done under a lock; may throw its own checked exception. */
    @FunctionalInterface
    interface Locked<T, E extends Exception> {
        T run() throws E;
    }

    /** No other gateway: every task runs at once. */
    InstanceLocks LOCAL = new InstanceLocks() {
        @Override
        public boolean runAlone(String task, Runnable work) {
            work.run();
            return true;
        }

        @Override
        public <T, E extends Exception> T withAccountLock(long accountId, Duration wait, Locked<T, E> work) throws E {
            return work.run();
        }
    };

    /**
     * Runs {@code work} unless another gateway is running the task of the same name right now (then returns false
     * at once): periodic chores one instance at a time.
     */
    boolean runAlone(String task, Runnable work);

    /**
     * Runs {@code work} while no other gateway holds the same account's lock, waiting up to {@code wait} for it:
     * a credential refresh, so a rotating refresh token is used once.
     *
     * @throws StorageException when the lock could not be had within {@code wait}, or the database failed
     */
    <T, E extends Exception> T withAccountLock(long accountId, Duration wait, Locked<T, E> work) throws E;
}
