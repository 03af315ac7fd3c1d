package dev.switchboard.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PostgreSQL server for tests, one per test JVM: the installed binaries ({@code initdb}, {@code pg_ctl}) run
 * a throw-away cluster in a temporary directory on a free loopback port, with password authentication, and it is
 * stopped when the JVM exits. PostgreSQL refuses to run as root, so as root the binaries run as the {@code postgres}
 * user ({@code runuser}, else {@code su}); as anyone else they run directly. Tests get a schema each
 * ({@link #newSchema()}) in one database, which is far cheaper than a database each.
 *
 * <p>Without binaries (a machine with only a JDK) {@link #get()} aborts the calling test with a visible message;
 * with {@value #REQUIRE_ENV}{@code =1} (set by {@code .ci/run}) it fails it instead. The binaries are looked for in
 * {@code $SWITCHBOARD_PG_BIN}, then the newest {@code /usr/lib/postgresql/<version>/bin}, then the {@code PATH}.
 *
 * <p>Thread-safe.
 */
public final class PostgresCluster {
    public static final String REQUIRE_ENV = "SWITCHBOARD_REQUIRE_POSTGRES";
    private static final String SERVER_USER = "postgres";
    private static final String SUPER_PASSWORD = "switchboard-test-superuser";
    /** The role tests connect as: an ordinary user, as in production. */
    public static final String USER = "switchboard_test";
    public static final String PASSWORD = "switchboard-test-password";
    private static final String DATABASE = "switchboard_tests";
    private static final String DIR_PREFIX = "switchboard-pg-";

    private static PostgresCluster instance;
    private static String unavailable;

    private final Path bin;
    private final Path dir;
    private final int port;
    private final boolean asServerUser;
    private final AtomicInteger schemas = new AtomicInteger();

    private PostgresCluster(Path bin, Path dir, int port, boolean asServerUser) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.asServerUser = asServerUser;
    }

    /**
     * The JVM's cluster, started on first use.
     *
     * @throws org.opentest4j.TestAbortedException when PostgreSQL is not installed (and not required)
     */
    public static synchronized PostgresCluster get() {
        if (instance == null && unavailable == null) {
            try {
                instance = start();
            } catch (Unavailable e) {
                unavailable = e.getMessage();
            }
        }
        if (instance == null) {
            String why = "PostgreSQL tests SKIPPED: " + unavailable + " (apt-get install postgresql; .ci/run does)";
            if ("1".equals(System.getenv(REQUIRE_ENV))) {
                Assertions.fail(why.replace("SKIPPED", "FAILED") + " and " + REQUIRE_ENV + "=1");
            }
            System.out.println("[WARNING] " + why);
            Assumptions.abort(why);
        }
        return instance;
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/<database>} */
    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /**
     * A new, empty schema in the tests' database, as a JDBC URL whose connections use it ({@code currentSchema}).
     * Owned by {@link #USER}.
     */
    public String newSchema() {
        String schema = "t" + ProcessHandle.current().pid() + "_" + schemas.incrementAndGet();
        superuser(DATABASE, "CREATE SCHEMA " + schema + " AUTHORIZATION " + USER);
        return url(DATABASE) + "?currentSchema=" + schema;
    }

    /** A new, empty database owned by {@link #USER}, as a JDBC URL. */
    public String newDatabase() {
        String name = "d" + ProcessHandle.current().pid() + "_" + schemas.incrementAndGet();
        superuser("postgres", "CREATE DATABASE " + name + " OWNER " + USER);
        return url(name);
    }

    /** Runs statements as the superuser on {@code database} (tests that break things on purpose). */
    public void superuser(String database, String... sql) {
        try (Connection c = DriverManager.getConnection(url(database), SERVER_USER, SUPER_PASSWORD);
             Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL test cluster: " + String.join("; ", sql) + " failed: "
                    + e.getMessage(), e);
        }
    }

    public int port() {
        return port;
    }

    private static final class Unavailable extends Exception {
        Unavailable(String message) {
            super(message);
        }
    }

    private static PostgresCluster start() throws Unavailable {
        Path bin = binaries().orElseThrow(() -> new Unavailable("no PostgreSQL binaries (initdb, pg_ctl) found"));
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root && !hasUser(SERVER_USER)) {
            throw new Unavailable("running as root and there is no '" + SERVER_USER + "' user to run PostgreSQL as");
        }
        stopLeftovers(bin, root);
        try {
            Path dir = Files.createTempDirectory(DIR_PREFIX);
            Files.writeString(dir.resolve("owner.pid"), Long.toString(ProcessHandle.current().pid()));
            Path pwFile = dir.resolve("superuser.pw");
            Files.writeString(pwFile, SUPER_PASSWORD + "\n");
            if (root) {
                UserPrincipal pg = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(SERVER_USER);
                Files.setOwner(dir, pg);
                Files.setOwner(pwFile, pg);
            }
            Path data = dir.resolve("data");
            run(bin, root, dir, "initdb", "-D", data.toString(), "-U", SERVER_USER, "--pwfile=" + pwFile,
                    "--auth-host=scram-sha-256", "--auth-local=trust", "-E", "UTF8", "--locale=C", "--no-sync");
            int port = freePort();
            // Durability is not under test here: skipping fsync keeps the suite fast.
            String options = "-c listen_addresses=127.0.0.1 -p " + port + " -k " + dir + " -c fsync=off"
                    + " -c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
                    + " -c shared_buffers=32MB";
            run(bin, root, dir, "pg_ctl", "-D", data.toString(), "-l", dir.resolve("server.log").toString(), "-w",
                    "-t", "60", "-o", options, "start");
            PostgresCluster c = new PostgresCluster(bin, dir, port, root);
            Runtime.getRuntime().addShutdownHook(new Thread(c::stop, "postgres-test-cluster-stop"));
            c.superuser("postgres", "CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'",
                    "CREATE DATABASE " + DATABASE + " OWNER " + USER);
            return c;
        } catch (IOException e) {
            throw new Unavailable("cannot start a PostgreSQL test cluster: " + e.getMessage());
        }
    }

    private void stop() {
        try {
            run(bin, asServerUser, dir, "pg_ctl", "-D", dir.resolve("data").toString(), "-m", "immediate", "-w",
                    "stop");
        } catch (IOException | RuntimeException e) {
            System.err.println("PostgreSQL test cluster in " + dir + " did not stop: " + e.getMessage());
        }
        deleteTree(dir);
    }

    /** Clusters of earlier test JVMs that died without their shutdown hook (kill -9). */
    private static void stopLeftovers(Path bin, boolean root) {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (Stream<Path> s = Files.list(tmp)) {
            for (Path d : s.filter(p -> p.getFileName().toString().startsWith(DIR_PREFIX)).toList()) {
                Path owner = d.resolve("owner.pid");
                long pid = Files.exists(owner) ? Long.parseLong(Files.readString(owner).strip()) : -1;
                if (pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                if (Files.exists(d.resolve("data/postmaster.pid"))) {
                    try {
                        run(bin, root, d, "pg_ctl", "-D", d.resolve("data").toString(), "-m", "immediate", "-w", "stop");
                    } catch (IOException | RuntimeException e) {
                        // already gone
                    }
                }
                deleteTree(d);
            }
        } catch (IOException | NumberFormatException e) {
            // best effort
        }
    }

    /** Runs a PostgreSQL binary (as the server user when we are root); its output goes to a log in {@code dir}. */
    private static void run(Path bin, boolean asServerUser, Path dir, String tool, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (asServerUser) {
            Path runuser = Stream.of("/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser").map(Path::of)
                    .filter(Files::isExecutable).findFirst().orElse(null);
            if (runuser != null) {
                cmd.addAll(List.of(runuser.toString(), "-u", SERVER_USER, "--"));
            } else {
                cmd.addAll(List.of("su", "-s", "/bin/sh", SERVER_USER, "-c"));
                StringBuilder line = new StringBuilder(shellQuote(bin.resolve(tool).toString()));
                for (String a : args) {
                    line.append(' ').append(shellQuote(a));
                }
                cmd.add(line.toString());
                exec(cmd, dir, tool);
                return;
            }
        }
        cmd.add(bin.resolve(tool).toString());
        cmd.addAll(List.of(args));
        exec(cmd, dir, tool);
    }

    private static void exec(List<String> cmd, Path dir, String tool) throws IOException {
        Path log = dir.resolve(tool + ".out");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(tool + " did not finish within 120 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while " + tool + " ran", e);
        }
        if (p.exitValue() != 0) {
            String out = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            throw new IOException(tool + " exited with " + p.exitValue() + ": " + out.strip());
        }
    }

    private static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static Optional<Path> binaries() {
        String env = System.getenv("SWITCHBOARD_PG_BIN");
        if (env != null && !env.isBlank()) {
            return Optional.of(Path.of(env)).filter(PostgresCluster::hasTools);
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> s = Files.list(debian)) {
                Optional<Path> newest = s.map(p -> p.resolve("bin")).filter(PostgresCluster::hasTools)
                        .max(Comparator.comparingInt(PostgresCluster::majorVersion));
                if (newest.isPresent()) {
                    return newest;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(java.io.File.pathSeparator)) {
                if (!d.isEmpty() && hasTools(Path.of(d))) {
                    return Optional.of(Path.of(d));
                }
            }
        }
        return Optional.empty();
    }

    private static boolean hasTools(Path bin) {
        return Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl"));
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString().split("\\.")[0]);
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static boolean hasUser(String name) {
        try {
            return Files.readAllLines(Path.of("/etc/passwd")).stream()
                    .anyMatch(l -> l.toLowerCase(Locale.ROOT).startsWith(name + ":"));
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // a file the server still writes at exit; the next run's cleanup takes it
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // best effort
        }
    }
}
