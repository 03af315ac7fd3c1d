package dev.switchboard.kernel.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.ConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File-database behaviour: durability settings, reopening, the process lock, unusable directories. */
class DatabaseFileTest {

    @TempDir
    Path dir;

    @Test
    void fileDatabaseCommitsWithoutWriteDelayAndSurvivesReopen() {
        Path data = dir.resolve("data");
        Clock clock = Clock.systemUTC();
        try (Store store = Store.open(StorageSettings.of(data), clock, Map.of())) {
            // H2 lists the setting once per source (URL, database); every one must say 0.
            java.util.List<String> delays = store.database().jdbi().withHandle(h -> h.createQuery(
                    "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'")
                    .mapTo(String.class).list());
            assertTrue(!delays.isEmpty() && delays.stream().allMatch("0"::equals), delays.toString());
            store.clientKeys().create(ClientKeySpec.named("kept"));
        }
        assertTrue(Files.exists(data.resolve(StorageSettings.DATABASE_NAME + ".mv.db")));
        try (Store again = Store.open(StorageSettings.of(data), clock, Map.of())) {
            assertTrue(again.clientKeys().find("kept").isPresent());
        }
    }

    @Test
    void secondProcessOnTheSameDataDirectoryFailsFast() throws Exception {
        Path data = dir.resolve("data");
        Process holder = ForkedStore.start("hold", data, dir.resolve("holder.err"));
        try (BufferedReader out = ForkedStore.stdout(holder)) {
            String first = out.readLine();
            assertEquals("open", first, () -> "holder did not open: " + readQuietly(dir.resolve("holder.err")));
            long start = System.nanoTime();
            StorageException e = assertThrows(StorageException.class,
                    () -> Store.open(StorageSettings.of(data), Clock.systemUTC(), Map.of()));
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            assertTrue(e.getMessage().contains("in use by another process"), e.getMessage());
            assertTrue(e.getMessage().contains(data.toAbsolutePath().toString()), e.getMessage());
            assertTrue(seconds < 20, "took " + seconds + " s");
        } finally {
            holder.getOutputStream().close(); // the holder closes its store when stdin ends
            if (!holder.waitFor(30, TimeUnit.SECONDS)) {
                ForkedStore.kill(holder);
            }
        }
        // Once the other process is gone the directory is usable again.
        try (Store store = Store.open(StorageSettings.of(data), Clock.systemUTC(), Map.of())) {
            assertTrue(store.clientKeys().list().isEmpty());
        }
    }

    @Test
    void unwritableDataDirectoryIsReportedClearly() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        StorageException e = assertThrows(StorageException.class,
                () -> Store.open(StorageSettings.of(file.resolve("data")), Clock.systemUTC(), Map.of()));
        assertTrue(e.getMessage().contains("data directory"), e.getMessage());
    }

    @Test
    void autoServerIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StorageSettings.of(dir).withJdbcUrl("jdbc:h2:file:/tmp/x;AUTO_SERVER=TRUE"));
        assertTrue(e.getMessage().contains("AUTO_SERVER"));
    }

    @Test
    void closedDatabaseRefusesWorkAndClosesOnce() {
        Store store = TestStores.inMemory(dir, Clock.systemUTC());
        store.close();
        store.close();
        assertThrows(ConnectionException.class, () -> store.clientKeys().list());
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return "(cannot read " + p + ": " + e + ")";
        }
    }
}
