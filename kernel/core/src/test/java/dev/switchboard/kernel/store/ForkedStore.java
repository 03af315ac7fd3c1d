package dev.switchboard.kernel.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A second JVM that opens a file store, for tests about other processes: {@code write} inserts usage rows
 * forever and prints {@code committed N} after each insert returns; {@code journal} does the same through the
 * usage writer (the gateway's path: journal first, database later); {@code hold} opens the store, prints
 * {@code open} and keeps it open until its stdin closes.
 */
public final class ForkedStore {

    static final Pattern COMMITTED = Pattern.compile("committed (\\d+)");

    public static void main(String[] args) throws IOException {
        String mode = args[0];
        Path dataDir = Path.of(args[1]);
        Store store = Store.open(StorageSettings.of(dataDir), Clock.systemUTC(), System.getenv());
        if (mode.equals("hold")) {
            System.out.println("open");
            System.out.flush();
            while (System.in.read() != -1) {
                // wait for the parent to close our stdin
            }
            store.close();
            return;
        }
        UsageWriter writer = mode.equals("journal") ? new UsageWriter(store) : null;
        for (long i = 1; ; i++) {
            if (writer != null) {
                writer.write(UsageRows.row(Clock.systemUTC().instant(), "crash", "p", "a", "crash-" + i, i, 1,
                        UsageOutcome.OK));
                System.out.println("committed " + i);
                System.out.flush();
                continue;
            }
            store.usage().insert(UsageRows.row(Clock.systemUTC().instant(), "crash", "p", "a", "crash-" + i, i, 1,
                    UsageOutcome.OK));
            System.out.println("committed " + i);
            System.out.flush();
        }
    }

    /** Starts this class in a new JVM with the test class path; its stderr goes to {@code stderr}. */
    static Process start(String mode, Path dataDir, Path stderr) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                ForkedStore.class.getName(), mode, dataDir.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(stderr.toFile());
        pb.environment().remove(EncryptionKeys.ENV_VAR);
        return pb.start();
    }

    static BufferedReader stdout(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    }

    /** The number on a complete {@code committed N} line, or -1. */
    static long committed(String line) {
        Matcher m = COMMITTED.matcher(line);
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    /**
     * SIGKILL. Through the {@link ProcessHandle}: {@code Process.destroyForcibly()} also closes our end of the
     * child's stdout, and the lines it wrote just before dying must still be read.
     */
    static void kill(Process p) throws InterruptedException {
        p.toHandle().destroyForcibly();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("forked JVM did not die");
        }
    }
}
