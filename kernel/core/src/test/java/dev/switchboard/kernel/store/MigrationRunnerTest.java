package dev.switchboard.kernel.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationRunnerTest {

    @TempDir
    Path dir;
    Database db;

    @BeforeEach
    void open() {
        db = Database.open(TestStores.memorySettings(dir), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void opensWithEveryMigrationAppliedOnceAndRerunAppliesNothing() {
        int versions = MigrationRunner.available().size();
        long applied = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM schema_version").mapTo(Long.class).one());
        assertEquals(versions, applied);

        int again = new MigrationRunner(db.jdbi(), Clock.systemUTC()).migrate();
        assertEquals(0, again);
        long after = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM schema_version").mapTo(Long.class).one());
        assertEquals(versions, after);

        List<String> tables = db.jdbi().withHandle(h -> h.createQuery("SELECT LOWER(table_name) FROM "
                + "information_schema.tables WHERE table_schema = 'PUBLIC'").mapTo(String.class).list());
        for (String t : List.of("accounts", "client_keys", "usage", "usage_daily", "admin_users", "admin_sessions", "meta",
                "schema_version")) {
            assertTrue(tables.contains(t), "missing table " + t + " in " + tables);
        }
    }

    @Test
    void changedMigrationStopsStartupWithItsName() {
        db.jdbi().useHandle(h -> h.execute("UPDATE schema_version SET checksum = 'edited' WHERE version = 1"));
        StorageException e = assertThrows(StorageException.class,
                () -> new MigrationRunner(db.jdbi(), Clock.systemUTC()).migrate());
        assertTrue(e.getMessage().contains("V1__init.sql") && e.getMessage().contains("changed"), e.getMessage());
    }

    @Test
    void databaseFromNewerReleaseIsRefused() {
        db.jdbi().useHandle(h -> h.execute("INSERT INTO schema_version VALUES (999, 'V999__future.sql', 'x', CURRENT_TIMESTAMP)"));
        StorageException e = assertThrows(StorageException.class,
                () -> new MigrationRunner(db.jdbi(), Clock.systemUTC()).migrate());
        assertTrue(e.getMessage().contains("newer release"), e.getMessage());
    }

    @Test
    void indexNamesEveryMigrationFileInOrder() throws Exception {
        URL url = MigrationRunner.class.getClassLoader().getResource(MigrationRunner.DIRECTORY);
        Path folder = Path.of(url.toURI());
        List<String> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql")).sorted(
                    (a, b) -> Integer.compare(version(a), version(b))).toList();
        }
        List<String> indexed = MigrationRunner.available().stream().map(MigrationRunner.Migration::file).toList();
        assertEquals(files, indexed);
    }

    private static int version(String file) {
        var m = MigrationRunner.FILE_NAME.matcher(file);
        assertTrue(m.matches(), "bad migration file name " + file);
        return Integer.parseInt(m.group(1));
    }
}
