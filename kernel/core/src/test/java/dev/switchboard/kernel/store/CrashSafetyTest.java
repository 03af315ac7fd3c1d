package dev.switchboard.kernel.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A usage row whose insert returned is on disk, so SIGKILL right after loses nothing. The child
 * prints "committed N" after each insert; the parent kills it with destroyForcibly, reads everything the child
 * managed to print, reopens the file and looks for every reported row.
 */
class CrashSafetyTest {

    @TempDir
    Path dir;

    @Test
    void rowsReportedCommittedSurviveSigkill() throws Exception {
        killAndCheck("write");
    }

    /** The gateway's path: a row is durable in the journal when its write returns, and written exactly once. */
    @Test
    void rowsReportedJournaledSurviveSigkillExactlyOnce() throws Exception {
        killAndCheck("journal");
    }

    private void killAndCheck(String mode) throws Exception {
        Path dataDir = dir.resolve("data");
        Path stderr = dir.resolve("child.err");
        Process child = ForkedStore.start(mode, dataDir, stderr);
        long reported = 0;
        try (BufferedReader out = ForkedStore.stdout(child)) {
            String line;
            while ((line = out.readLine()) != null) {
                reported = Math.max(reported, ForkedStore.committed(line));
                if (reported >= 300) {
                    break;
                }
            }
            ForkedStore.kill(child);
            // Lines the child printed between our last read and its death were committed too.
            while ((line = out.readLine()) != null) {
                reported = Math.max(reported, ForkedStore.committed(line));
            }
        } finally {
            child.destroyForcibly();
        }
        assertTrue(reported >= 300, "child stopped early; its stderr:\n" + Files.readString(stderr));
        assertEquals(137, child.exitValue(), "killed by SIGKILL (128 + 9)");

        try (Store reopened = Store.open(StorageSettings.of(dataDir), Clock.systemUTC(), Map.of())) {
            List<String> models = reopened.database().jdbi().withHandle(h -> h.createQuery(
                    "SELECT route_model FROM usage").mapTo(String.class).list());
            Set<String> present = new HashSet<>(models);
            for (long i = 1; i <= reported; i++) {
                assertTrue(present.contains("crash-" + i), "row " + i + " of " + reported + " reported committed is lost");
            }
            assertTrue(models.size() >= reported);
            assertEquals(models.size(), present.size(), "no row was written twice");
            System.out.println("child reported " + reported + " commits; " + models.size() + " rows after the kill");
        }
    }
}
