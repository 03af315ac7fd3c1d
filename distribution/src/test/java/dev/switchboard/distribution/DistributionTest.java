package dev.switchboard.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built zip is what users unzip: it has the expected layout, starts from any directory with
 * {@code bin/switchboard --config FILE}, serves {@code /health}, loads the four plugins, and stops on SIGTERM.
 */
class DistributionTest {
    private static final String VERSION = UnpackedDistribution.VERSION;
    private static final String ROOT = UnpackedDistribution.ROOT;

    @TempDir
    Path tmp;

    @Test
    void zipHasTheDocumentedLayout() throws IOException {
        List<String> names = UnpackedDistribution.entries();
        for (String required : List.of("bin/switchboard", "bin/switchboard.bat", "conf/gateway.yaml",
                "conf/logging.properties", "plugins/switchboard-plugin-factory-" + VERSION + ".zip",
                "plugins/switchboard-plugin-kiro-" + VERSION + ".zip",
                "plugins/switchboard-plugin-openai-compat-" + VERSION + ".zip",
                "plugins/switchboard-plugin-anthropic-" + VERSION + ".zip",
                "lib/switchboard-kernel-" + VERSION + ".jar", "lib/switchboard-spi-" + VERSION + ".jar",
                "bin/docker-entrypoint", "systemd/switchboard.service", "docs/grafana/switchboard-dashboard.json")) {
            assertTrue(names.contains(ROOT + required), "missing " + required + " in " + names);
        }
        assertTrue(names.contains(ROOT + "data/"), "an empty data/ directory ships");
        assertTrue(names.stream().noneMatch(n -> n.startsWith(ROOT + "lib/") && n.endsWith(".zip")),
                "plugin zips must not land in lib/");
    }

    @Test
    void startsFromAnyDirectoryWithARelativeConfigAndStopsOnSigterm() throws Exception {
        Path home = unzip();
        int port = freePort();
        Path callerDir = Files.createDirectories(tmp.resolve("caller"));
        Files.writeString(callerDir.resolve("my.yaml"), "server:\n  host: 127.0.0.1\n  port: " + port + "\n");
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/switchboard").toString(), "--config", "my.yaml")
                .directory(callerDir.toFile()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("gateway.log").toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("JAVA_OPTS", "-Xmx256m");
        Process p = pb.start();
        try {
            HttpResponse<String> health = waitForHealth(port, p);
            assertEquals(200, health.statusCode(), log());
            assertTrue(health.body().contains("\"status\":\"ok\""), health.body());
            HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
            for (String plugin : List.of("anthropic", "factory", "kiro", "openai-compat")) {
                assertTrue(ready.body().contains("\"id\":\"" + plugin + "\",\"source\""), ready.body());
            }
            assertTrue(ready.body().contains("\"status\":\"started\""), ready.body());
        } finally {
            p.destroy(); // SIGTERM: the shutdown hook drains and stops
            boolean exited = p.waitFor(30, TimeUnit.SECONDS);
            if (!exited) {
                p.destroyForcibly();
            }
            assertTrue(exited, "the gateway stops on SIGTERM; log:\n" + log());
        }
        assertTrue(log().contains("switchboard: stopped"), "a clean, graceful stop: " + log());
    }

    @Test
    void theShippedConfigurationStartsAsIsWithAnEnvironmentOverride() throws Exception {
        Path home = unzip();
        int port = freePort();
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/switchboard").toString()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("gateway.log").toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("SERVER_PORT", String.valueOf(port));
        Process p = pb.start();
        try {
            assertEquals(200, waitForHealth(port, p).statusCode(), log());
            assertTrue(Files.exists(home.resolve("data/admin-password")), "the generated admin password file");
            assertTrue(log().contains("admin-password") && !log().contains(
                    Files.readString(home.resolve("data/admin-password")).trim()), "the log names the file, not the password");
        } finally {
            p.destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void refusesAJavaHomeOlderThan21() throws Exception {
        Path java17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
        assumeTrue(Files.isExecutable(java17.resolve("bin/java")), "no JDK 17 on this machine");
        Path home = unzip();
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/switchboard").toString()).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", java17.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), out);
        assertTrue(out.contains("needs Java 21 or newer; JAVA_HOME=" + java17 + " is Java 17"), out);
    }

    @Test
    void aConfigurationErrorStopsWithItsMessage() throws Exception {
        Path home = unzip();
        Files.writeString(tmp.resolve("bad.yaml"), "server:\n  prot: 1\n");
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/switchboard").toString(), "--config",
                tmp.resolve("bad.yaml").toString()).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), out);
        assertTrue(out.contains("configuration error: ") && out.contains("server.prot: unknown key"), out);
    }

    private String log() throws IOException {
        Path log = tmp.resolve("gateway.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private Path unzip() throws IOException {
        return UnpackedDistribution.unzip(tmp.resolve("dist"));
    }

    private static int freePort() throws IOException {
        return UnpackedDistribution.freePort();
    }

    private static HttpResponse<String> waitForHealth(int port, Process p) throws Exception {
        return UnpackedDistribution.waitForHealth(port, p);
    }
}
