package dev.switchboard.kernel.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.switchboard.spi.AccountState;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/** Flyway migrations on both databases, and the upgrade of databases made before Flyway. */
@BothDatabases
class SchemaMigrationsTest {

    @Parameter
    StoreBackend backend;
    @TempDir
    Path dir;
    final Clock clock = Clock.systemUTC();
    final Map<String, String> env = Map.of(EncryptionKeys.ENV_VAR, TestStores.newKey());

    private int versions() {
        return MigrationIndex.load().forVendor(backend == StoreBackend.H2 ? DatabaseVendor.H2
                : DatabaseVendor.POSTGRESQL).size();
    }

    private static long history(Store s) {
        return s.database().jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM \"flyway_schema_history\" "
                + "WHERE \"success\" = TRUE AND \"version\" IS NOT NULL").mapTo(Long.class).one());
    }

    private static Jdbi raw(StorageSettings s) {
        return Jdbi.create(s.effectiveJdbcUrl(), s.username() == null ? "sa" : s.username(),
                s.password() == null ? "" : s.password());
    }

    @Test
    void aNewDatabaseGetsEveryMigrationOnceAndReopeningAppliesNothing() {
        StorageSettings settings = backend.durable(dir);
        try (Store s = Store.open(settings, clock, env)) {
            assertEquals(versions(), history(s));
            List<String> tables = s.database().jdbi().withHandle(h -> h.createQuery("SELECT LOWER(table_name) FROM "
                    + "information_schema.tables WHERE table_schema = CURRENT_SCHEMA").mapTo(String.class).list());
            for (String t : List.of("accounts", "client_keys", "usage", "usage_daily", "admin_users", "admin_sessions",
                    "meta", "affinity_pins", "rate_buckets", "flyway_schema_history")) {
                assertTrue(tables.contains(t), "missing table " + t + " in " + tables);
            }
        }
        try (Store s = Store.open(settings, clock, env)) {
            assertEquals(versions(), history(s), "nothing applied twice");
            assertEquals(0, SchemaMigrations.migrate(dataSource(settings), s.database().vendor()));
        }
    }

    /** H2 commits its whole store whenever the id cache runs out, so the usage table takes its ids
     * 100000 at a time: more than a busy fold writes. */
    @Test
    void theUsageIdsComeFromALargeCacheOnH2AndFromPostgresqlsDefaultThere() {
        try (Store s = Store.open(backend.durable(dir), clock, env)) {
            long cache = s.database().jdbi().withHandle(h -> backend == StoreBackend.H2
                    ? h.createQuery("SELECT IDENTITY_CACHE FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = 'USAGE' "
                            + "AND COLUMN_NAME = 'ID' AND TABLE_SCHEMA = CURRENT_SCHEMA").mapTo(Long.class).one()
                    : h.createQuery("SELECT cache_size FROM pg_sequences WHERE schemaname = current_schema() "
                            + "AND sequencename = 'usage_id_seq'").mapTo(Long.class).one());
            assertEquals(backend == StoreBackend.H2 ? 100_000 : 1, cache);
        }
    }

    @Test
    void anAppliedMigrationThatChangedStopsStartupNamingIt() {
        StorageSettings settings = backend.durable(dir);
        Store.open(settings, clock, env).close();
        raw(settings).useHandle(h -> h.execute("UPDATE \"flyway_schema_history\" SET \"checksum\" = \"checksum\" + 1 "
                + "WHERE \"version\" = '2'"));
        StorageException e = assertThrows(StorageException.class, () -> Store.open(settings, clock, env));
        assertTrue(e.getMessage().contains("checksum") && e.getMessage().contains("2"), e.getMessage());
    }

    @Test
    void aDatabaseWrittenByANewerReleaseIsRefused() {
        StorageSettings settings = backend.durable(dir);
        Store.open(settings, clock, env).close();
        raw(settings).useHandle(h -> h.execute("INSERT INTO \"flyway_schema_history\"(\"installed_rank\", \"version\", "
                + "\"description\", \"type\", \"script\", \"checksum\", \"installed_by\", \"installed_on\", "
                + "\"execution_time\", \"success\") VALUES (999, '999', "
                + "'future', 'SQL', 'V999__future.sql', 1, 'x', CURRENT_TIMESTAMP, 1, TRUE)"));
        StorageException e = assertThrows(StorageException.class, () -> Store.open(settings, clock, env));
        assertTrue(e.getMessage().contains("newer release") && e.getMessage().contains("999"), e.getMessage());
    }

    @Test
    void aDatabaseMigratedByThePreFlywayRunnerCarriesItsVersionsOver() {
        StorageSettings settings = backend.durable(dir);
        legacyDatabase(settings, 3);
        raw(settings).useHandle(h -> h.execute("INSERT INTO meta(meta_key, meta_value) VALUES ('written', 'before')"));

        try (Store s = Store.open(settings, clock, env)) {
            List<String> rows = s.database().jdbi().withHandle(h -> h.createQuery("SELECT \"version\" || ':' || \"type\" "
                    + "FROM \"flyway_schema_history\" WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\"").mapTo(String.class).list());
            List<String> expected = new ArrayList<>(List.of("3:BASELINE"));
            for (int v = 4; v <= versions(); v++) {
                expected.add(v + ":SQL");
            }
            assertEquals(expected, rows, "V1..V3 carried over, the later ones applied once");
            assertEquals("before", s.meta().get("written").orElseThrow(), "data written before the upgrade is kept");
            // V4 (cost) applied on top of the carried-over schema:
            s.usage().insert(UsageRows.row(Instant.now(), "k", "p", "a", "m", 1, 1, UsageOutcome.OK));
            long legacy = s.database().jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM schema_version")
                    .mapTo(Long.class).one());
            assertEquals(3, legacy, "the old table is left as it was");
        }
        try (Store s = Store.open(settings, clock, env)) {
            assertEquals(versions() - 3 + 1, history(s), "a second start carries nothing over again");
        }
    }

    @Test
    void aPreFlywayDatabaseWithAnEditedMigrationIsRefused() {
        StorageSettings settings = backend.durable(dir);
        legacyDatabase(settings, 2);
        raw(settings).useHandle(h -> h.execute("UPDATE schema_version SET checksum = 'edited' WHERE version = 1"));
        StorageException e = assertThrows(StorageException.class, () -> Store.open(settings, clock, env));
        assertTrue(e.getMessage().contains("V1__init.sql") && e.getMessage().contains("changed"), e.getMessage());
    }

    @Test
    void theH2FileOfTheLastPreFlywayReleaseOpensWithAllItsData() throws Exception {
        assumeTrue(backend == StoreBackend.H2, "an embedded database file");
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        try (InputStream in = getClass().getResourceAsStream("/legacy/switchboard-v5.mv.db")) {
            Files.copy(in, data.resolve(StorageSettings.DATABASE_NAME + ".mv.db"));
        }
        // What the file holds was written by that release (see the resource's README).
        Clock then = Clock.fixed(Instant.parse("2026-05-01T10:00:00Z"), ZoneOffset.UTC);
        Map<String, String> legacyKey = Map.of(EncryptionKeys.ENV_VAR, "PZ0K3WhBZScfw7vFAfgJsWt9Pxdzc4HmwlrkPQcN9co=");
        try (Store s = Store.open(StorageSettings.of(data), then, legacyKey)) {
            StoredAccount a = s.accounts().find("factory", "legacy-account").orElseThrow();
            assertEquals("fk-legacy-secret", a.credentials().getString("api-key"), "credentials still decrypt");
            assertEquals(AccountState.COOLING, a.state());
            assertTrue(s.clientKeys().verify("sk-sb-3QoCmhQ80P7lUjjKtNvLXbfJ2hCOqcWT5UCW2n4Q").valid());
            assertTrue(s.admin().verifyPassword("admin", "legacy-admin-password"));
            assertTrue(s.admin().findSession("aUGkUAA58ETiBFS_BsV320YlfloNyLiMGX8Tu4ZVfRM").isPresent(),
                    "an admin session survives the upgrade");
            assertEquals(1, s.usage().query(UsageGroupBy.KEY, Instant.parse("2026-05-01T00:00:00Z"),
                    Instant.parse("2026-05-02T00:00:00Z")).total().requests());
            List<String> rows = s.database().jdbi().withHandle(h -> h.createQuery("SELECT \"version\" || ':' || \"type\" "
                    + "FROM \"flyway_schema_history\" WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\"").mapTo(String.class).list());
            assertEquals("5:BASELINE", rows.get(0), rows.toString());
            assertEquals(versions() - 5 + 1, rows.size(), rows.toString());
        }
    }

    @Test
    void threeGatewaysStartingAtOnceOnANewDatabaseApplyEachMigrationOnce() throws Exception {
        assumeTrue(backend.shared(), "several processes share only a server database");
        StorageSettings settings = backend.durable(dir);
        String key = TestStores.newKey();
        List<Callable<Store>> starts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path own = Files.createDirectories(dir.resolve("instance" + i));
            starts.add(() -> Store.open(settings.withKeyFile(own.resolve("key")), clock,
                    Map.of(EncryptionKeys.ENV_VAR, key)));
        }
        List<Store> stores = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(3)) {
            for (Future<Store> f : pool.invokeAll(starts)) {
                stores.add(f.get());
            }
        } finally {
            stores.forEach(Store::close);
        }
        try (Store s = Store.open(settings, clock, Map.of(EncryptionKeys.ENV_VAR, key))) {
            assertEquals(versions(), history(s));
        }
    }

    @Test
    void theIndexNamesEveryMigrationFile() throws Exception {
        URL url = MigrationIndex.class.getClassLoader().getResource(MigrationIndex.DIRECTORY);
        Path folder = Path.of(url.toURI());
        List<String> files;
        try (Stream<Path> s = Files.walk(folder)) {
            files = s.filter(p -> p.toString().endsWith(".sql")).map(p -> folder.relativize(p).toString()
                    .replace('\\', '/')).sorted().toList();
        }
        List<String> indexed = MigrationIndex.load().all().stream().map(MigrationIndex.Migration::path).sorted().toList();
        assertEquals(files, indexed);
    }

    /** The schema as the pre-Flyway runner left it after {@code upTo} migrations, checksums included. */
    private void legacyDatabase(StorageSettings settings, int upTo) {
        Jdbi jdbi = raw(settings);
        jdbi.useHandle(h -> h.execute("CREATE TABLE schema_version (version INT PRIMARY KEY, file VARCHAR(200) NOT NULL, "
                + "checksum VARCHAR(64) NOT NULL, applied_at TIMESTAMP WITH TIME ZONE NOT NULL)"));
        for (MigrationIndex.Migration m : MigrationIndex.load().all().subList(0, upTo)) {
            jdbi.useHandle(h -> {
                h.createScript(m.sql()).executeAsSeparateStatements();
                h.createUpdate("INSERT INTO schema_version(version, file, checksum, applied_at) VALUES (:v, :f, :c, "
                        + "CURRENT_TIMESTAMP)").bind("v", m.version()).bind("f", m.path())
                        .bind("c", m.legacyChecksum()).execute();
            });
        }
    }

    private static javax.sql.DataSource dataSource(StorageSettings s) {
        if (s.vendor() == DatabaseVendor.H2) {
            return org.h2.jdbcx.JdbcConnectionPool.create(s.effectiveJdbcUrl(), "sa", "");
        }
        org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setUrl(s.effectiveJdbcUrl());
        ds.setUser(s.username());
        ds.setPassword(s.password());
        return ds;
    }
}
