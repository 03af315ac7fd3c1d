package dev.switchboard.kernel.config;

import dev.switchboard.kernel.store.DatabaseVendor;
import dev.switchboard.kernel.store.StorageSettings;
import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.PluginConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Set;

/**
 * {@code storage:} — the database and the credential encryption key, and how gateways sharing one PostgreSQL
 * database keep each other up to date.
 *
 * @param dataDir            directory for the H2 file, the encryption key and the generated admin password
 *                           (default {@code data} under the gateway home)
 * @param url                a JDBC URL overriding the embedded file database ({@code jdbc:h2:mem:x}, or
 *                           {@code jdbc:postgresql://host:port/db} for several instances), or null
 * @param username           the database user, or null
 * @param password           the database password ({@code ${VAR}}), or null. Secret.
 * @param encryptionKeyFile  the key file (default {@code <data-dir>/encryption.key}); the environment variable
 *                           {@code SWITCHBOARD_ENCRYPTION_KEY} takes precedence
 * @param usageRetentionDays raw usage rows older than this are rolled up into daily totals and deleted (default 90)
 * @param maxConnections     database connection pool size (default 16)
 * @param usageCheckpointInterval how often a running stream's usage row is rewritten with the tokens seen so far
 *                           (default 5 s): what a {@code kill -9} can lose of a stream's tokens at most
 * @param counterFlushInterval how often in-memory account counters are added to the database (default 1 s):
 *                           what a {@code kill -9} can lose of them at most
 * @param connectTimeout     how long opening a connection to a server database may take (default 5 s)
 * @param notifications      on PostgreSQL, whether changes reach the other instances through LISTEN/NOTIFY (default
 *                           true); without them, or while their connection is down, they are polled
 * @param pollInterval       how often account state is polled while notifications are off or unavailable
 *                           (default 1 s, at most 1 s)
 * @param quotaSyncInterval  on PostgreSQL, how often the token and cost totals of keys with quotas are re-read
 *                           from the shared usage (default 1 s)
 */
public record StorageConfig(Path dataDir, String url, String username, String password, Path encryptionKeyFile,
                            int usageRetentionDays, int maxConnections, Duration usageCheckpointInterval,
                            Duration counterFlushInterval, Duration connectTimeout, boolean notifications,
                            Duration pollInterval, Duration quotaSyncInterval) {
    static final Set<String> KEYS = Set.of("data-dir", "url", "username", "password", "encryption-key-file",
            "usage-retention-days", "max-connections", "usage-checkpoint-interval", "counter-flush-interval",
            "connect-timeout", "notifications", "poll-interval", "quota-sync-interval");

    /** The store's settings for this section. */
    public StorageSettings settings() {
        StorageSettings s = StorageSettings.of(dataDir).withKeyFile(encryptionKeyFile)
                .withUsageRetentionDays(usageRetentionDays).withMaxConnections(maxConnections)
                .withCredentials(username, password).withConnectTimeout(connectTimeout);
        return url == null ? s : s.withJdbcUrl(url);
    }

    /** True when the database is a server several gateways may share (PostgreSQL). */
    public boolean shared() {
        return url != null && DatabaseVendor.of(url).shared();
    }

    static StorageConfig read(PluginConfig c, Path home) throws ConfigException {
        Path dataDir = home.resolve(c.string("data-dir", "data")).normalize();
        Path keyFile = c.string("encryption-key-file").map(s -> home.resolve(s).normalize())
                .orElse(dataDir.resolve("encryption.key"));
        int retention = c.integer("usage-retention-days", 90);
        if (retention < 1) {
            throw c.problem("usage-retention-days", "must be at least 1");
        }
        int maxConnections = c.integer("max-connections", 16);
        if (maxConnections < 1) {
            throw c.problem("max-connections", "must be at least 1");
        }
        Duration checkpoint = c.duration("usage-checkpoint-interval", ChronoUnit.SECONDS).orElse(Duration.ofSeconds(5));
        if (checkpoint.compareTo(Duration.ofMillis(100)) < 0) {
            throw c.problem("usage-checkpoint-interval", "must be at least 100ms");
        }
        Duration flush = c.duration("counter-flush-interval", ChronoUnit.SECONDS).orElse(Duration.ofSeconds(1));
        if (flush.compareTo(Duration.ofMillis(10)) < 0 || flush.compareTo(Duration.ofSeconds(1)) > 0) {
            throw c.problem("counter-flush-interval", "must be between 10ms and 1s");
        }
        String url = c.string("url").filter(s -> !s.isBlank()).orElse(null);
        if (url != null) {
            try {
                DatabaseVendor.of(url);
            } catch (IllegalArgumentException e) {
                throw c.problem("url", e.getMessage());
            }
        }
        Duration connect = c.duration("connect-timeout", ChronoUnit.SECONDS).orElse(Duration.ofSeconds(5));
        if (connect.compareTo(Duration.ofMillis(250)) < 0) {
            throw c.problem("connect-timeout", "must be at least 250ms");
        }
        Duration poll = c.duration("poll-interval", ChronoUnit.SECONDS).orElse(Duration.ofSeconds(1));
        if (poll.compareTo(Duration.ofMillis(10)) < 0 || poll.compareTo(Duration.ofSeconds(1)) > 0) {
            throw c.problem("poll-interval", "must be between 10ms and 1s (a change must reach every instance within 1s)");
        }
        Duration quotaSync = c.duration("quota-sync-interval", ChronoUnit.SECONDS).orElse(Duration.ofSeconds(1));
        if (quotaSync.compareTo(Duration.ofMillis(10)) < 0 || quotaSync.compareTo(Duration.ofMinutes(1)) > 0) {
            throw c.problem("quota-sync-interval", "must be between 10ms and 1m");
        }
        return new StorageConfig(dataDir, url, c.string("username").filter(s -> !s.isBlank()).orElse(null),
                c.secret("password").orElse(null), keyFile, retention, maxConnections, checkpoint, flush, connect,
                c.bool("notifications", true), poll, quotaSync);
    }

    @Override
    public String toString() {
        return "StorageConfig[dataDir=" + dataDir + ", url=" + DatabaseVendor.redact(url) + ", username=" + username
                + ", password=" + (password == null ? "none" : "***") + ", encryptionKeyFile=" + encryptionKeyFile
                + ", usageRetentionDays=" + usageRetentionDays + ", maxConnections=" + maxConnections
                + ", usageCheckpointInterval=" + usageCheckpointInterval + ", counterFlushInterval="
                + counterFlushInterval + ", connectTimeout=" + connectTimeout + ", notifications=" + notifications
                + ", pollInterval=" + pollInterval + ", quotaSyncInterval=" + quotaSyncInterval + "]";
    }
}
