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
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jdbi.v3.core.ConnectionFactory;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * The database: a bounded connection pool, a {@link Jdbi} over it and the schema migrations, applied when it opens.
 * Embedded H2 (the default) uses H2's own in-process pool; PostgreSQL, shared by several gateways, uses HikariCP,
 * which validates connections and replaces the ones a database restart broke.
 *
 * <p>A file H2 database is locked by H2 while it is open, so a second process on the same data directory
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
    private static final int CHECK_TIMEOUT_SECONDS = 5;

    private final DataSource pool;
    private final Runnable disposePool;
    private final Semaphore permits;
    private final int maxConnections;
    private final Jdbi jdbi;
    private final StorageSettings settings;
    private final DatabaseVendor vendor;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Database(DataSource pool, Runnable disposePool, StorageSettings settings) {
        this.pool = pool;
        this.disposePool = disposePool;
        this.settings = settings;
        this.vendor = settings.vendor();
        this.maxConnections = settings.maxConnections();
        this.permits = new Semaphore(maxConnections, true);
        this.jdbi = Jdbi.create(new GatedConnections());
        jdbi.installPlugin(new SqlObjectPlugin());
        jdbi.getConfig(VendorConfig.class).vendor(vendor);
        SqlTime.register(jdbi);
    }

    /**
     * Opens the database and applies pending migrations.
     *
     * @throws StorageException when the data directory is not writable, the database is in use by another
     *                          process (H2) or cannot be reached (PostgreSQL), or a migration fails or does not
     *                          match what was applied before
     */
    public static Database open(StorageSettings settings, Clock clock) {
        Objects.requireNonNull(clock, "clock");
        ensureWritableDirectory(settings.dataDir());
        Database db = settings.vendor() == DatabaseVendor.H2 ? openH2(settings) : openPostgres(settings);
        try {
            SchemaMigrations.migrate(db.pool, db.vendor);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        LOG.info(() -> "storage: opened " + settings.displayUrl() + " (" + settings.maxConnections() + " connections)");
        return db;
    }

    private static Database openH2(StorageSettings settings) {
        String url = settings.effectiveJdbcUrl();
        JdbcConnectionPool pool = JdbcConnectionPool.create(url,
                settings.username() != null ? settings.username() : "sa",
                settings.password() != null ? settings.password() : "");
        pool.setMaxConnections(settings.maxConnections());
        // Jdbi's set-up (a tenth of the start's main thread) runs on another thread while H2 opens the file.
        java.util.concurrent.CompletableFuture<Database> made = new java.util.concurrent.CompletableFuture<>();
        Thread.ofPlatform().daemon().name("switchboard-start-jdbi").start(() -> {
            try {
                made.complete(new Database(pool, pool::dispose, settings));
            } catch (Throwable e) {
                made.completeExceptionally(e);
            }
        });
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            // Also for URL overrides: a commit must reach the file before the call returns, so an answered
            // request's usage row survives the process being killed.
            s.execute("SET WRITE_DELAY 0");
        } catch (SQLException e) {
            pool.dispose();
            throw translateOpenFailure(e, settings);
        }
        try {
            return made.join();
        } catch (java.util.concurrent.CompletionException e) {
            pool.dispose();
            throw new StorageException("cannot set up database access: " + e.getCause(), e.getCause());
        }
    }

    private static Database openPostgres(StorageSettings settings) {
        HikariConfig c = new HikariConfig();
        c.setPoolName("switchboard-storage");
        c.setJdbcUrl(settings.effectiveJdbcUrl());
        if (settings.username() != null) {
            c.setUsername(settings.username());
        }
        if (settings.password() != null) {
            c.setPassword(settings.password());
        }
        c.setMaximumPoolSize(settings.maxConnections());
        // A few warm connections, more on demand: several instances share the server's connection limit.
        c.setMinimumIdle(Math.min(4, settings.maxConnections()));
        c.setConnectionTimeout(Math.max(250, settings.connectTimeout().toMillis()));
        c.addDataSourceProperty("connectTimeout", Math.max(1, settings.connectTimeout().toSeconds()));
        c.addDataSourceProperty("ApplicationName", "switchboard");
        c.addDataSourceProperty("tcpKeepAlive", true);
        try {
            HikariDataSource pool = new HikariDataSource(c);
            return new Database(pool, pool::close, settings);
        } catch (RuntimeException e) {
            // Hikari wraps the driver's failure; its message names host, database and user, never the password.
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new StorageException("cannot connect to the database " + settings.displayUrl()
                    + (settings.username() != null ? " as " + settings.username() : "") + ": " + cause.getMessage(), e);
        }
    }

    /** The Jdbi instance for the store's repositories. Thread-safe. */
    public Jdbi jdbi() {
        return jdbi;
    }

    /** The JDBC URL in use, any password in it masked. */
    public String url() {
        return settings.displayUrl();
    }

    /**
     * Whether the database answers now: null when it does, else what failed (the SQL state and exception class,
     * never a message that could quote a URL or statement).
     */
    public String check() {
        if (closed.get()) {
            return "closed";
        }
        try {
            jdbi.useHandle(h -> h.createQuery("SELECT 1").setQueryTimeout(CHECK_TIMEOUT_SECONDS).mapTo(Integer.class)
                    .one());
            return null;
        } catch (RuntimeException e) {
            return SqlErrors.describe(e);
        }
    }

    /** Which database this is. */
    public DatabaseVendor vendor() {
        return vendor;
    }

    /** The settings it was opened with (the listener of a shared database opens its own connection with them). */
    public StorageSettings settings() {
        return settings;
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
            disposePool.run();
        } finally {
            if (drained) {
                permits.release(maxConnections);
            }
        }
        LOG.info(() -> "storage: closed " + settings.displayUrl());
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
                return new StorageException("the database " + settings.displayUrl() + " is in use by another "
                        + "process (is another Switchboard running with the data directory "
                        + settings.dataDir().toAbsolutePath() + "?). Stop it, or give this one its own data directory.",
                        e);
            }
        }
        return new StorageException("cannot open the database " + settings.displayUrl() + ": " + e.getMessage(), e);
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
