package dev.switchboard.kernel.store;

import java.sql.SQLException;

/** Classifies SQL failures wrapped by Jdbi. Stateless; thread-safe. */
public final class SqlErrors {

    /** SQLSTATE of a unique or primary key violation. */
    private static final String DUPLICATE_KEY = "23505";

    private SqlErrors() {
    }

    /**
     * True when the failure is a duplicate key. Two writers inserting the same new key race even with atomic
     * SQL (H2 raises one 23505 per new key under load); the loser retries as an update.
     */
    static boolean isDuplicateKey(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException sql && DUPLICATE_KEY.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** True for any integrity constraint violation (SQLSTATE class 23: unique, foreign key, check, not null). */
    static boolean isIntegrityViolation(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
                return true;
            }
        }
        return false;
    }

    /**
     * What went wrong, for logs: the SQLSTATE and the exception class, never the message (Jdbi's and H2's
     * messages quote the statement and its bound values).
     */
    public static String describe(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException sql) {
                return "SQLSTATE " + sql.getSQLState() + " (" + sql.getClass().getSimpleName() + ")";
            }
        }
        return t.getClass().getSimpleName();
    }
}
