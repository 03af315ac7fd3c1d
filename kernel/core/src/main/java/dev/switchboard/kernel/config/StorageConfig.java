package dev.switchboard.kernel.config;

import dev.switchboard.kernel.store.StorageSettings;
import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.PluginConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Set;

/**
 * {@code storage:} — the embedded database and the credential encryption key.
 *
 * @param dataDir            directory for the H2 file, the encryption key and the generated admin password
 *                           (default {@code data} under the gateway home)
 * @param url                a JDBC URL overriding the embedded file database (e.g. {@code jdbc:h2:mem:x}), or null
 * @param encryptionKeyFile  the key file (default {@code <data-dir>/encryption.key}); the environment variable
 *                           {@code SWITCHBOARD_ENCRYPTION_KEY} takes precedence
 * @param usageRetentionDays raw usage rows older than this are rolled up into daily totals and deleted (default 90)
 * @param maxConnections     database connection pool size (default 16)
 * @param usageCheckpointInterval how often a running stream's usage row is rewritten with the tokens seen so far
 *                           (default 5 s): what a {@code kill -9} can lose of a stream's tokens at most
 * @param counterFlushInterval how often in-memory account counters are added to the database (default 1 s):
 *                           what a {@code kill -9} can lose of them at most
 */
public record StorageConfig(Path dataDir, String url, Path encryptionKeyFile, int usageRetentionDays,
                            int maxConnections, Duration usageCheckpointInterval, Duration counterFlushInterval) {
    static final Set<String> KEYS = Set.of("data-dir", "url", "encryption-key-file", "usage-retention-days",
            "max-connections", "usage-checkpoint-interval", "counter-flush-interval");

    /** The store's settings for this section. */
    public StorageSettings settings() {
        StorageSettings s = StorageSettings.of(dataDir).withKeyFile(encryptionKeyFile)
                .withUsageRetentionDays(usageRetentionDays).withMaxConnections(maxConnections);
        return url == null ? s : s.withJdbcUrl(url);
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
        return new StorageConfig(dataDir, c.string("url").filter(s -> !s.isBlank()).orElse(null), keyFile,
                retention, maxConnections, checkpoint, flush);
    }
}
