package dev.switchboard.kernel.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jdbi.v3.core.ConnectionFactory;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * The embedded H2 database: a bounded connection pool, a {@link Jdbi} over it and the schema migrations,
 * applied when it opens.
 *
 * <p>A file database is locked by H2 while it is open, so a second process on the same data directory
 * fails fast with a clear {@link StorageException} instead of corrupting it (AUTO_SERVER, which would
 * lift the lock, is refused by {@link StorageSettings}).
 *
 * <p>Thread-safe. Work is bounded by a fair semaphore with one permit per pooled connection, because
 * H2's own pool waits by polling and because H2 pins carrier threads of virtual threads on JDK 21.
 * {@link #close()} waits (bounded) for in-flight work, then shuts the database down; call it after the
 * server has stopped taking requests.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Database.class.getName());
    /** {@code org.h2.api.ErrorCode.DATABASE_ALREADY_OPEN_1}: the file is locked by another process. */
    static final int H2_DATABASE_ALREADY_OPEN = 90020;
    private static final long ACQUIRE_TIMEOUT_SECONDS = 30;
    private static final long CLOSE_GRACE_SECONDS = 10;

    private final JdbcConnectionPool pool;
    private final Semaphore permits;
    private final int maxConnections;
    private final Jdbi jdbi;
    private final String url;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Database(JdbcConnectionPool pool, int maxConnections, String url) {
        this.pool = pool;
        this.maxConnections = maxConnections;
        this.permits = new Semaphore(maxConnections, true);
        this.url = url;
        this.jdbi = Jdbi.create(new GatedConnections());
        jdbi.installPlugin(new SqlObjectPlugin());
        SqlTime.register(jdbi);
    }

    /**
     * Opens the database and applies pending migrations.
     *
     * @throws StorageException when the data directory is not writable, the database is in use by another
     *                          process, or a migration fails or does not match what was applied before
     */
    public static Database open(StorageSettings settings, Clock clock) {
        Objects.requireNonNull(clock, "clock");
        ensureWritableDirectory(settings.dataDir());
        String url = settings.effectiveJdbcUrl();
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "sa", "");
        pool.setMaxConnections(settings.maxConnections());
        // Jdbi's set-up (a tenth of the start's main thread) runs on another thread while H2 opens the file.
        java.util.concurrent.CompletableFuture<Database> made = new java.util.concurrent.CompletableFuture<>();
        Thread.ofPlatform().daemon().name("switchboard-start-jdbi").start(() -> {
            try {
                made.complete(new Database(pool, settings.maxConnections(), url));
            } catch (Throwable e) {
                made.completeExceptionally(e);
            }
        });
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            // Also for URL overrides: a commit must reach the file before the call returns
            // (docs/architecture.md#usage-durability).
            s.execute("SET WRITE_DELAY 0");
        } catch (SQLException e) {
            pool.dispose();
            throw translateOpenFailure(e, settings);
        }
        Database db;
        try {
            db = made.join();
        } catch (java.util.concurrent.CompletionException e) {
            pool.dispose();
            throw new StorageException("cannot set up database access: " + e.getCause(), e.getCause());
        }
        try {
            new MigrationRunner(db.jdbi, clock).migrate();
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        LOG.info(() -> "storage: opened " + url + " (" + settings.maxConnections() + " connections)");
        return db;
    }

    /** The Jdbi instance for the store's repositories. Thread-safe. */
    public Jdbi jdbi() {
        return jdbi;
    }

    /** The JDBC URL in use (it holds no secret). */
    public String url() {
        return url;
    }

    /**
     * Waits up to 10 s for in-flight work, then disposes of the pool, which closes the database file cleanly. New work fails once closing has begun. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        boolean drained = false;
        try {
            drained = permits.tryAcquire(maxConnections, CLOSE_GRACE_SECONDS, TimeUnit.SECONDS);
            if (!drained) {
                LOG.warning("storage: closing the database while work is still in flight");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warning("storage: interrupted while waiting for in-flight work; closing anyway");
        }
        // Closing the last pooled connection closes the database file cleanly (DB_CLOSE_DELAY is 0). An explicit
        // SHUTDOWN would leave the pool's connections to fail on close and fill a .trace.db with noise.
        try {
            pool.dispose();
        } finally {
            if (drained) {
                permits.release(maxConnections);
            }
        }
        LOG.info(() -> "storage: closed " + url);
    }

    private static void ensureWritableDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StorageException("cannot create the data directory " + dir.toAbsolutePath() + ": " + e, e);
        }
        // Files.isWritable says yes to root even on a read-only mount; creating a file is the real test.
        try {
            Path probe = Files.createTempFile(dir, ".write-probe", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new StorageException("the data directory " + dir.toAbsolutePath() + " is not writable: " + e, e);
        }
    }

    /**
     * True when {@code failure} (a {@link StorageException} from {@link #open}, or its cause) says another process
     * holds the embedded database: a running gateway.
     */
    public static boolean inUseByAnotherProcess(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_ALREADY_OPEN) {
                return true;
            }
        }
        return false;
    }

    private static StorageException translateOpenFailure(SQLException e, StorageSettings settings) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_ALREADY_OPEN) {
                return new StorageException("the database " + settings.effectiveJdbcUrl() + " is in use by another "
                        + "process (is another Switchboard running with the data directory "
                        + settings.dataDir().toAbsolutePath() + "?). Stop it, or give this one its own data directory.",
                        e);
            }
        }
        return new StorageException("cannot open the database " + settings.effectiveJdbcUrl() + ": " + e.getMessage(), e);
    }

    /** Hands out pooled connections, at most one per permit; fair, so no caller starves under load. */
    private final class GatedConnections implements ConnectionFactory {
        @Override
        public Connection openConnection() throws SQLException {
            if (closed.get()) {
                throw new SQLException("the database is closed");
            }
            try {
                if (!permits.tryAcquire(ACQUIRE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    throw new SQLTransientConnectionException("timed out after " + ACQUIRE_TIMEOUT_SECONDS
                            + " s waiting for one of " + maxConnections + " database connections");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while waiting for a database connection", e);
            }
            try {
                return pool.getConnection();
            } catch (SQLException | RuntimeException e) {
                permits.release();
                throw e;
            }
        }

        @Override
        public void closeConnection(Connection conn) throws SQLException {
            try {
                conn.close();
            } finally {
                permits.release();
            }
        }
    }
}
