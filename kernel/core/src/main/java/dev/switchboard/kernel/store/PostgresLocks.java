package dev.switchboard.kernel.store;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * {@link InstanceLocks} on PostgreSQL advisory locks, each taken inside a transaction ({@code pg_advisory_xact_lock})
 * that stays open while the work runs: the lock ends with the transaction, also when the gateway dies and its
 * connection drops. Keys are two integers: a namespace derived from the schema and the purpose (so several
 * Switchboard deployments in one database, each in its own schema, do not block each other) and the account id
 * or the task name's hash. Waits are bounded by {@code lock_timeout}.
 *
 * <p>Each held lock keeps one pooled connection while the work runs, and the work needs connections of its own
 * (writing the refreshed credential), so at most a quarter of the pool holds locks at a time; other callers wait
 * for a turn, within the same bound. Thread-safe.
 */
final class PostgresLocks implements InstanceLocks {
    /** SQLSTATE lock_not_available: lock_timeout expired. */
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private final Jdbi jdbi;
    private final int refreshSpace;
    private final int taskSpace;
    private final Semaphore holders;

    PostgresLocks(Jdbi jdbi, String schema, int maxConnections) {
        this.jdbi = jdbi;
        this.refreshSpace = (schema + "/account-lock").hashCode();
        this.taskSpace = (schema + "/task-lock").hashCode();
        this.holders = new Semaphore(Math.max(1, maxConnections / 4), true);
    }

    @Override
    public boolean runAlone(String task, Runnable work) {
        return jdbi.inTransaction(h -> {
            boolean mine = h.createQuery("SELECT pg_try_advisory_xact_lock(:a, :b)").bind("a", taskSpace)
                    .bind("b", task.hashCode()).mapTo(Boolean.class).one();
            if (mine) {
                work.run();
            }
            return mine;
        });
    }

    @Override
    public <T, E extends Exception> T withAccountLock(long accountId, Duration wait, Locked<T, E> work) throws E {
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            if (!holders.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new StorageException("timed out after " + wait.toSeconds() + " s waiting for a turn to lock "
                        + "account " + accountId);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting to lock account " + accountId, e);
        }
        try (Handle h = jdbi.open()) {
            h.begin();
            try {
                long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                h.execute("SET LOCAL lock_timeout = " + left); // milliseconds; a number, never client text
                h.createQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(:a, :b)) AS locked")
                        .bind("a", refreshSpace).bind("b", (int) accountId).mapTo(Integer.class).one();
            } catch (RuntimeException e) {
                h.rollback();
                if (isLockTimeout(e)) {
                    throw new StorageException("timed out after " + wait.toSeconds() + " s waiting for another "
                            + "gateway's lock on account " + accountId, e);
                }
                throw e;
            }
            try {
                T result = work.run();
                h.commit();
                return result;
            } finally {
                if (h.isInTransaction()) {
                    h.rollback();
                }
            }
        } finally {
            holders.release();
        }
    }

    private static boolean isLockTimeout(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException sql && LOCK_NOT_AVAILABLE.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
