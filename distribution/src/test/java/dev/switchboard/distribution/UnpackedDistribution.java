package dev.switchboard.distribution;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** The built zip, unpacked for a test, and the helpers to run what it ships. */
final class UnpackedDistribution {
    static final Path ZIP = Path.of(System.getProperty("distribution.zip"));
    static final String VERSION = System.getProperty("distribution.version");
    static final String ROOT = "switchboard-" + VERSION + "/";

    private UnpackedDistribution() {
    }

    /** The zip's entry names. */
    static List<String> entries() throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipFile z = new ZipFile(ZIP.toFile())) {
            Enumeration<? extends ZipEntry> e = z.entries();
            while (e.hasMoreElements()) {
                names.add(e.nextElement().getName());
            }
        }
        return names;
    }

    /** Unzips into {@code target} and returns the distribution's home, its launchers executable. */
    static Path unzip(Path target) throws IOException {
        try (ZipFile z = new ZipFile(ZIP.toFile())) {
            Enumeration<? extends ZipEntry> e = z.entries();
            while (e.hasMoreElements()) {
                ZipEntry entry = e.nextElement();
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("zip entry escapes the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    try (InputStream in = z.getInputStream(entry)) {
                        Files.copy(in, out);
                    }
                }
            }
        }
        Path home = target.resolve(ROOT);
        for (String script : List.of("bin/switchboard", "bin/docker-entrypoint")) {
            Files.setPosixFilePermissions(home.resolve(script), Set.of(PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));
        }
        return home;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static HttpResponse<String> waitForHealth(int port, Process p) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline && p.isAlive()) {
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                last = e;
                Thread.sleep(200);
            }
        }
        throw new AssertionError("the gateway did not answer /health (alive=" + p.isAlive() + ")", last);
    }

    /** What a finished command printed (stdout and stderr together) and its exit code. */
    record Result(int exit, String output) {
    }

    /** Runs a command of the distribution to its end (bounded), with this JVM's JDK. */
    static Result run(Path dir, Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("did not finish: " + String.join(" ", command));
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
