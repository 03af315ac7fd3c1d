package dev.switchboard.kernel.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Storage configuration. Immutable.
 *
 * @param dataDir            the data directory; holds the embedded database file and, by default, the encryption key
 * @param jdbcUrl            JDBC URL override, or null for {@code jdbc:h2:file:<dataDir>/switchboard}; tests use
 *                           {@code jdbc:h2:mem:<name>}; {@code jdbc:postgresql://host:port/db} shares one database
 *                           between several gateways. {@code AUTO_SERVER} is refused: it opens a TCP port on every
 *                           interface.
 * @param keyFile            the encryption key file, or null for {@code <dataDir>/encryption.key}; the
 *                           environment variable {@value EncryptionKeys#ENV_VAR} takes precedence
 * @param usageRetentionDays how many UTC days of raw usage rows to keep; older days live on as daily rollups
 * @param maxConnections     the connection pool size and the bound on concurrent database work. On a JDK 21
 *                           runtime with many virtual threads keep it small: H2 holds monitors while it works
 *                           and JDK 21 pins a virtual thread's carrier inside {@code synchronized}.
 * @param username           the database user, or null ({@code sa} for H2; for PostgreSQL the URL's {@code user})
 * @param password           the database password, or null. Secret: never logged ({@link #toString()} masks it).
 * @param connectTimeout     how long opening a connection to a server database may take before the call fails
 */
public record StorageSettings(Path dataDir, String jdbcUrl, Path keyFile, int usageRetentionDays, int maxConnections,
                              String username, String password, Duration connectTimeout) {

    public static final int DEFAULT_RETENTION_DAYS = 90;
    public static final int DEFAULT_MAX_CONNECTIONS = 16;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Base name of the database file inside the data directory (H2 adds {@code .mv.db}). */
    public static final String DATABASE_NAME = "switchboard";
    public static final String KEY_FILE_NAME = "encryption.key";

    public StorageSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (usageRetentionDays < 1) {
            throw new IllegalArgumentException("usage retention must be at least 1 day, got " + usageRetentionDays);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("max connections must be at least 1, got " + maxConnections);
        }
        if (jdbcUrl != null && jdbcUrl.toUpperCase(java.util.Locale.ROOT).contains("AUTO_SERVER=TRUE")) {
            throw new IllegalArgumentException("AUTO_SERVER is not supported: it opens a TCP server on all interfaces");
        }
        if (jdbcUrl != null) {
            DatabaseVendor.of(jdbcUrl); // an unsupported database fails here, with the URL's password masked
        }
    }

    /** Defaults for a data directory: file database, key file inside it, 90 days, 16 connections. */
    public static StorageSettings of(Path dataDir) {
        return new StorageSettings(dataDir, null, null, DEFAULT_RETENTION_DAYS, DEFAULT_MAX_CONNECTIONS, null, null,
                DEFAULT_CONNECT_TIMEOUT);
    }

    public StorageSettings withJdbcUrl(String url) {
        return new StorageSettings(dataDir, url, keyFile, usageRetentionDays, maxConnections, username, password,
                connectTimeout);
    }

    public StorageSettings withKeyFile(Path file) {
        return new StorageSettings(dataDir, jdbcUrl, file, usageRetentionDays, maxConnections, username, password,
                connectTimeout);
    }

    public StorageSettings withUsageRetentionDays(int days) {
        return new StorageSettings(dataDir, jdbcUrl, keyFile, days, maxConnections, username, password, connectTimeout);
    }

    public StorageSettings withMaxConnections(int n) {
        return new StorageSettings(dataDir, jdbcUrl, keyFile, usageRetentionDays, n, username, password, connectTimeout);
    }

    /** The database user and password (either may be null). */
    public StorageSettings withCredentials(String user, String secret) {
        return new StorageSettings(dataDir, jdbcUrl, keyFile, usageRetentionDays, maxConnections, user, secret,
                connectTimeout);
    }

    public StorageSettings withConnectTimeout(Duration timeout) {
        return new StorageSettings(dataDir, jdbcUrl, keyFile, usageRetentionDays, maxConnections, username, password,
                timeout);
    }

    /** The database behind {@link #effectiveJdbcUrl()}. */
    public DatabaseVendor vendor() {
        return DatabaseVendor.of(effectiveJdbcUrl());
    }

    /**
     * The URL actually used. The default file URL sets {@code WRITE_DELAY=0} so that a commit is written to
     * the file before the call returns (an answered request's usage row survives a kill); {@link Database} also
     * sets it explicitly for H2 overrides.
     * H2 URLs get {@code DB_CLOSE_ON_EXIT=FALSE}: H2's own shutdown hook would otherwise close the database while
     * the gateway's graceful shutdown still lets in-flight requests finish and record their usage.
     */
    public String effectiveJdbcUrl() {
        String url = jdbcUrl != null ? jdbcUrl
                : "jdbc:h2:file:" + dataDir.toAbsolutePath().normalize().resolve(DATABASE_NAME) + ";WRITE_DELAY=0";
        if (url.startsWith("jdbc:h2:") && !url.toUpperCase(java.util.Locale.ROOT).contains("DB_CLOSE_ON_EXIT")) {
            url = url + ";DB_CLOSE_ON_EXIT=FALSE";
        }
        return url;
    }

    public Path effectiveKeyFile() {
        return keyFile != null ? keyFile : dataDir.resolve(KEY_FILE_NAME);
    }

    /** True when the database lives in a file (and so is shared with, and locked against, other processes). */
    public boolean fileDatabase() {
        String url = effectiveJdbcUrl();
        return url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:mem:");
    }

    /** The URL with any password in it masked, for logs and messages. */
    public String displayUrl() {
        return DatabaseVendor.redact(effectiveJdbcUrl());
    }

    @Override
    public String toString() {
        return "StorageSettings[dataDir=" + dataDir + ", url=" + displayUrl() + ", keyFile=" + keyFile
                + ", usageRetentionDays=" + usageRetentionDays + ", maxConnections=" + maxConnections + ", username="
                + username + ", password=" + (password == null ? "none" : "***") + ", connectTimeout=" + connectTimeout
                + "]";
    }
}
