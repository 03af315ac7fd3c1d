package dev.switchboard.kernel.store;

import java.io.Reader;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.migration.JavaMigration;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.resource.LoadableResource;
import org.flywaydb.core.internal.resolver.ChecksumCalculator;

/**
 * Applies the schema migrations of {@link MigrationIndex} with Flyway, on H2 and on PostgreSQL alike: each file
 * once, in order, checksummed in {@value #HISTORY_TABLE}; a file changed after it was applied, or a database
 * written by a newer release, stops startup. On PostgreSQL Flyway holds a database lock while it migrates, so
 * several gateways starting at the same moment apply each migration exactly once.
 *
 * <p>Why Flyway rather than the earlier fifty-line runner: a shared database needs the lock against concurrent
 * starts, transactional DDL where the database has it, and per-database files — all of which Flyway does and is
 * known to do right. Flyway reads the files named by the index (no class-path scanning, which cannot list a
 * directory inside every kind of jar).
 *
 * <p>Upgrade path: a database created before Flyway has the earlier runner's {@value #LEGACY_TABLE} table. Its
 * recorded versions are checked against the files (same SHA-256 as before) and carried over as Flyway's baseline,
 * so nothing is applied twice; {@value #LEGACY_TABLE} is left in place, unused.
 *
 * <p>Not thread-safe: run once, at startup, before the database is shared within the process.
 */
final class SchemaMigrations {

    private static final Logger LOG = Logger.getLogger(SchemaMigrations.class.getName());
    static final String HISTORY_TABLE = "flyway_schema_history";
    static final String LEGACY_TABLE = "schema_version";
    private static final String LEGACY_BASELINE = "carried over from schema_version";

    private SchemaMigrations() {
    }

    /**
     * Brings the schema up to date; returns how many migrations were applied.
     *
     * @throws StorageException when a migration fails, an applied one changed, or the database is newer
     */
    static int migrate(DataSource ds, DatabaseVendor vendor) {
        List<MigrationIndex.Migration> migrations = MigrationIndex.load().forVendor(vendor);
        if (upToDate(ds, migrations)) {
            return 0;
        }
        Integer legacy = legacyBaseline(ds, migrations);
        Flyway flyway = flyway(ds, migrations, legacy);
        try {
            if (legacy != null) {
                flyway.baseline();
                LOG.info(() -> "storage: carried schema version " + legacy + " over from " + LEGACY_TABLE
                        + " into " + HISTORY_TABLE);
            }
            MigrateResult result = flyway.migrate();
            for (var m : result.migrations) {
                LOG.info(() -> "storage: applied migration V" + m.version + " (" + m.description + ")");
            }
            return result.migrationsExecuted;
        } catch (FlywayException e) {
            throw diagnose(flyway, migrations, e);
        }
    }

    private static Flyway flyway(DataSource ds, List<MigrationIndex.Migration> migrations, Integer baseline) {
        var conf = Flyway.configure(SchemaMigrations.class.getClassLoader())
                .dataSource(ds)
                .table(HISTORY_TABLE)
                .resourceProvider(new IndexedResources(migrations))
                .javaMigrationClassProvider(NoJavaMigrations.INSTANCE)
                .placeholderReplacement(false)
                // Flyway ignores migrations the database has and the release lacks; an older release must not run
                // on a schema it does not know, so nothing is ignored.
                .ignoreMigrationPatterns(new String[0])
                .validateMigrationNaming(true)
                .cleanDisabled(true)
                .loggers("slf4j");
        if (baseline != null) {
            conf.baselineVersion(String.valueOf(baseline)).baselineDescription(LEGACY_BASELINE);
        }
        return conf.load();
    }

    /** A failed migrate as an operator-facing message: which file, or that the database is newer. */
    private static StorageException diagnose(Flyway flyway, List<MigrationIndex.Migration> migrations,
                                             FlywayException e) {
        try {
            List<String> future = Arrays.stream(flyway.info().all())
                    .filter(i -> i.getState() == MigrationState.FUTURE_SUCCESS || i.getState() == MigrationState.FUTURE_FAILED)
                    .map(MigrationInfo::getVersion).map(String::valueOf).toList();
            if (!future.isEmpty()) {
                return new StorageException("the database has schema version " + String.join(", ", future)
                        + " but this Switchboard knows versions up to " + migrations.size()
                        + ": it was written by a newer release", e);
            }
        } catch (FlywayException ignored) {
            // the original failure says more than a second one
        }
        return new StorageException("schema migration failed: " + e.getMessage(), e);
    }

    /**
     * True when the history records exactly this release's migrations, each applied successfully with the checksum
     * Flyway computes for its file: then there is nothing to do, and starting Flyway (a tenth of a second or more,
     * on every start of every gateway and in every test) is skipped. Any doubt — a missing, failed, changed or
     * unknown entry, or no history yet — goes to Flyway, which migrates or explains.
     */
    private static boolean upToDate(DataSource ds, List<MigrationIndex.Migration> migrations) {
        try (Connection c = ds.getConnection()) {
            if (!tableExists(c, HISTORY_TABLE)) {
                return false;
            }
            Map<Integer, Integer> applied = new LinkedHashMap<>();
            int baseline = 0;
            try (PreparedStatement s = c.prepareStatement("SELECT \"version\", \"checksum\", \"type\", \"success\" "
                    + "FROM \"" + HISTORY_TABLE + "\""); ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String version = rs.getString(1);
                    String type = rs.getString(3);
                    if (!rs.getBoolean(4)) {
                        return false;
                    }
                    if (version == null || "SCHEMA".equals(type)) {
                        continue; // Flyway's marker of a schema it created
                    }
                    int v = Integer.parseInt(version);
                    if ("BASELINE".equals(type)) {
                        baseline = Math.max(baseline, v);
                    } else if ("SQL".equals(type) && applied.put(v, rs.getInt(2)) == null) {
                        continue;
                    } else {
                        return false;
                    }
                }
            }
            for (MigrationIndex.Migration m : migrations) {
                if (m.version() > baseline) {
                    Integer checksum = applied.remove(m.version());
                    if (checksum == null || checksum != ChecksumCalculator.calculate(new IndexedResource(m))) {
                        return false;
                    }
                }
            }
            return applied.isEmpty() && baseline <= migrations.size();
        } catch (SQLException | NumberFormatException e) {
            return false;
        }
    }

    /**
     * The version to carry over from the earlier runner's table, or null when there is nothing to carry over (no
     * such table, or Flyway's history exists already).
     */
    private static Integer legacyBaseline(DataSource ds, List<MigrationIndex.Migration> migrations) {
        try (Connection c = ds.getConnection()) {
            if (!tableExists(c, LEGACY_TABLE) || tableExists(c, HISTORY_TABLE)) {
                return null;
            }
            Map<Integer, String> applied = new LinkedHashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT version, checksum FROM " + LEGACY_TABLE
                    + " ORDER BY version"); ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    applied.put(rs.getInt(1), rs.getString(2));
                }
            }
            int version = 0;
            for (Map.Entry<Integer, String> e : applied.entrySet()) {
                if (e.getKey() > migrations.size()) {
                    throw new StorageException("the database has schema version " + e.getKey() + " but this "
                            + "Switchboard knows versions up to " + migrations.size() + ": it was written by a newer release");
                }
                MigrationIndex.Migration m = migrations.get(e.getKey() - 1);
                if (!m.legacyChecksum().equals(e.getValue())) {
                    throw new StorageException("migration " + m.path() + " was changed after it was applied to this "
                            + "database (checksum " + e.getValue() + " recorded, " + m.legacyChecksum() + " now); "
                            + "restore the original file");
                }
                if (e.getKey() != version + 1) {
                    throw new StorageException(LEGACY_TABLE + " records version " + e.getKey() + " without version "
                            + (version + 1) + "; the database was not migrated by Switchboard");
                }
                version = e.getKey();
            }
            return version;
        } catch (SQLException e) {
            throw new StorageException("cannot read the schema version: " + SqlErrors.describe(e), e);
        }
    }

    static boolean tableExists(Connection c, String table) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM information_schema.tables "
                + "WHERE LOWER(table_name) = ? AND table_schema = CURRENT_SCHEMA")) {
            s.setString(1, table);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }

    /** The index's files as Flyway resources. */
    private static final class IndexedResources implements ResourceProvider {
        private final List<LoadableResource> resources = new ArrayList<>();

        IndexedResources(List<MigrationIndex.Migration> migrations) {
            migrations.forEach(m -> resources.add(new IndexedResource(m)));
        }

        @Override
        public LoadableResource getResource(String name) {
            return resources.stream().filter(r -> r.getRelativePath().equals(name) || r.getFilename().equals(name))
                    .findFirst().orElse(null);
        }

        @Override
        public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
            return resources.stream().filter(r -> r.getFilename().startsWith(prefix)
                    && Arrays.stream(suffixes).anyMatch(r.getFilename()::endsWith)).toList();
        }
    }

    private static final class IndexedResource extends LoadableResource {
        private final MigrationIndex.Migration migration;

        IndexedResource(MigrationIndex.Migration migration) {
            this.migration = migration;
        }

        @Override
        public Reader read() {
            return new StringReader(migration.sql());
        }

        @Override
        public String getAbsolutePath() {
            return MigrationIndex.DIRECTORY + migration.path();
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return getAbsolutePath();
        }

        @Override
        public String getFilename() {
            return migration.fileName();
        }

        @Override
        public String getRelativePath() {
            return migration.path();
        }
    }

    /** Every migration is SQL: no class-path scan for Java ones. */
    private enum NoJavaMigrations implements org.flywaydb.core.api.ClassProvider<JavaMigration> {
        INSTANCE;

        @Override
        public Collection<Class<? extends JavaMigration>> getClasses() {
            return List.of();
        }
    }
}
