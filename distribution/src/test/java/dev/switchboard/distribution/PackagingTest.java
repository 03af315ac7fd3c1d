package dev.switchboard.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.switchboard.kernel.Gateway;
import dev.switchboard.kernel.config.GatewayConfig;
import dev.switchboard.kernel.config.LoggingSettings;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * Packaging, tested without a container engine (none runs on the build machines): the Dockerfile builds from
 * files that exist and runs files the distribution ships, the systemd unit likewise and with its hardening, the
 * compose file's settings load through the real configuration loader into what a non-loopback listener needs,
 * and the container's entry point, the commands and JSON logs work through the shipped launchers on this host.
 */
class PackagingTest {
    /** The source tree (the distribution module's parent). */
    private static final Path REPO = Path.of("").toAbsolutePath().getParent();
    private static final Pattern IN_IMAGE = Pattern.compile("/opt/switchboard/([A-Za-z0-9._/-]*)");

    @TempDir
    Path tmp;

    @Test
    void theDockerfileBuildsFromFilesThatExistAndRunsWhatTheDistributionShips() throws Exception {
        Path home = UnpackedDistribution.unzip(tmp.resolve("dist"));
        List<String> lines = Files.readAllLines(REPO.resolve("Dockerfile"));
        List<String> from = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
        assertEquals(2, from.size(), "multi-stage: " + from);
        assertTrue(from.get(0).contains("-jdk AS build"), from.get(0));
        assertTrue(from.get(1).matches("FROM eclipse-temurin:21-jre\\s*"), "runs on a JRE 21: " + from.get(1));
        for (String l : lines) {
            if (l.startsWith("COPY ") && !l.contains("--from=")) {
                String[] words = l.substring(5).trim().split("\\s+");
                for (int i = 0; i < words.length - 1; i++) {
                    assertTrue(Files.exists(REPO.resolve(words[i])), "the build copies " + words[i]);
                }
            }
        }
        String text = String.join("\n", lines);
        assertTrue(text.contains("./mvnw -B -q package"), "built with the wrapper");
        assertTrue(Files.isExecutable(REPO.resolve("distribution/target/switchboard-" + UnpackedDistribution.VERSION
                + "/switchboard-" + UnpackedDistribution.VERSION + "/bin/switchboard")), "the tree the build stage copies");
        TreeSet<String> referenced = new TreeSet<>();
        Matcher m = IN_IMAGE.matcher(text);
        while (m.find()) {
            referenced.add(m.group(1));
        }
        assertTrue(referenced.containsAll(List.of("bin/docker-entrypoint", "data")), referenced.toString());
        for (String r : referenced) {
            assertTrue(Files.exists(home.resolve(r)), "the image uses /opt/switchboard/" + r);
        }
        assertTrue(Files.isExecutable(home.resolve("bin/docker-entrypoint")));
        assertTrue(text.contains("\nUSER switchboard\n") && text.indexOf("USER switchboard") > text.lastIndexOf("FROM "),
                "runs as a non-root user");
        assertTrue(text.contains("VOLUME [\"/opt/switchboard/data\"]"));
        assertTrue(text.contains("HEALTHCHECK ") && text.contains("docker-entrypoint\", \"healthcheck\""));
        assertTrue(text.contains("ENV SERVER_HOST=0.0.0.0"), "0.0.0.0 inside the container");
        assertTrue(Files.readString(home.resolve("conf/gateway.yaml")).contains("host: 127.0.0.1"),
                "loopback stays the default everywhere else");
        assertTrue(Files.readString(REPO.resolve(".dockerignore")).contains("**/target"));
    }

    @Test
    void theSystemdUnitStartsTheDistributionWithHardening() throws Exception {
        Path home = UnpackedDistribution.unzip(tmp.resolve("dist"));
        String unit = Files.readString(home.resolve("systemd/switchboard.service"));
        Matcher m = IN_IMAGE.matcher(unit);
        TreeSet<String> referenced = new TreeSet<>();
        while (m.find()) {
            referenced.add(m.group(1));
        }
        assertTrue(referenced.contains("bin/switchboard"), referenced.toString());
        for (String r : referenced) {
            assertTrue(Files.exists(home.resolve(r)), "the unit uses /opt/switchboard/" + r);
        }
        for (String option : List.of("NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes",
                "PrivateTmp=yes", "StateDirectory=switchboard", "Environment=STORAGE_DATA_dash_DIR=/var/lib/switchboard",
                "User=switchboard", "CapabilityBoundingSet=\n", "SuccessExitStatus=143")) {
            assertTrue(unit.contains(option), "the unit sets " + option.strip());
        }
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        assumeTrue(Files.isExecutable(analyze), "systemd-analyze is not installed: the unit is not verified");
        // systemd checks that ExecStart exists: point the unit at the unpacked distribution.
        Path local = tmp.resolve("switchboard.service");
        Files.writeString(local, unit.replace("/opt/switchboard", home.toString()));
        UnpackedDistribution.Result r = UnpackedDistribution.run(tmp, Map.of(), analyze.toString(), "verify",
                local.toString());
        assertEquals(0, r.exit(), r.output());
        assertEquals("", r.output().strip(), "systemd accepts every line of the unit");
    }

    @Test
    void theComposeSettingsLoadIntoWhatANonLoopbackListenerNeeds() throws Exception {
        Path home = UnpackedDistribution.unzip(tmp.resolve("dist"));
        Map<String, Object> compose = new Yaml().load(Files.readString(REPO.resolve("docker-compose.yml")));
        @SuppressWarnings("unchecked")
        Map<String, Object> service = (Map<String, Object>) ((Map<String, Object>) compose.get("services"))
                .get("switchboard");
        assertEquals(List.of("switchboard.env"), service.get("env_file"));
        assertFalse(Files.exists(REPO.resolve("switchboard.env")) && isTracked("switchboard.env"));
        Map<String, String> env = new LinkedHashMap<>(envFile(REPO.resolve("switchboard.env.example")));
        @SuppressWarnings("unchecked")
        Map<String, Object> environment = (Map<String, Object>) service.get("environment");
        environment.forEach((k, v) -> env.put(k, String.valueOf(v))); // compose: environment wins over env_file
        assertEquals(List.of("switchboard-data:/opt/switchboard/data"), service.get("volumes"),
                "the image's data volume");
        assertTrue(String.valueOf(service.get("ports")).contains("127.0.0.1:8080:8080"), service.get("ports") + "");

        GatewayConfig c = Gateway.builder().home(home).configFile(home.resolve("conf/gateway.yaml")).env(env)
                .systemProperties(new Properties()).loadConfig();
        assertEquals("0.0.0.0", c.server().host());
        assertEquals(1, c.clientKeys().size());
        assertEquals("default", c.clientKeys().get(0).name());
        assertEquals(env.get("CLIENTS_KEYS_0_KEY"), c.clientKeys().get(0).key());
        assertEquals(env.get("ADMIN_PASSWORD"), c.admin().password());
        assertFalse(c.admin().loopbackOnly());
        assertEquals(env.get("METRICS_TOKEN"), c.metrics().token());
        assertFalse(c.metrics().loopbackOnly());
        assertEquals(LoggingSettings.Format.JSON, c.logging().format());
        JsonObject server = c.loaded().effective().getJsonObject("server");
        assertEquals("switchboard.example.com", server.getJsonArray("allowed-hosts").getString(0),
                "server.allowed-hosts, read by the Host check: " + server);
    }

    private static boolean isTracked(String file) throws Exception {
        UnpackedDistribution.Result r = UnpackedDistribution.run(REPO, Map.of(), "git", "ls-files", file);
        return !r.output().isBlank();
    }

    private static Map<String, String> envFile(Path file) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int eq = l.indexOf('=');
            out.put(l.substring(0, eq), l.substring(eq + 1));
        }
        return out;
    }

    @Test
    void theEntryPointCommandsAndJsonLogsWorkThroughTheShippedLaunchers() throws Exception {
        Path home = UnpackedDistribution.unzip(tmp.resolve("dist"));
        Path caller = Files.createDirectories(tmp.resolve("caller"));
        int port = UnpackedDistribution.freePort();
        Files.writeString(caller.resolve("my.yaml"), """
                server:
                  port: %d
                providers:
                  - { id: local, plugin: openai-compat, base-url: "http://127.0.0.1:9/v1", health-check: false }
                """.formatted(port));
        Files.writeString(caller.resolve("bad.yaml"), "server:\n  prot: 1\n");
        Files.writeString(caller.resolve("accounts.json"),
                "{\"accounts\":[{\"name\":\"a1\",\"credentials\":{\"api-key\":\"sk-upstream-0123456789\"}}]}");
        String sw = home.resolve("bin/switchboard").toString();
        String entry = home.resolve("bin/docker-entrypoint").toString();
        Map<String, String> env = Map.of("SERVER_PORT", String.valueOf(port));

        UnpackedDistribution.Result version = UnpackedDistribution.run(caller, env, sw, "version");
        assertEquals(0, version.exit(), version.output());
        assertEquals("switchboard " + UnpackedDistribution.VERSION, version.output().strip());
        UnpackedDistribution.Result bad = UnpackedDistribution.run(caller, env, sw, "config", "check", "--config",
                "bad.yaml");
        assertEquals(1, bad.exit(), bad.output());
        assertTrue(bad.output().contains("switchboard: configuration error: ") && bad.output().contains("bad.yaml")
                && bad.output().contains("server.prot: unknown key"), bad.output());
        assertEquals(0, UnpackedDistribution.run(caller, env, sw, "config", "check", "--config", "my.yaml").exit());

        Path log = tmp.resolve("gateway.log");
        ProcessBuilder pb = new ProcessBuilder(entry, "--config", "my.yaml").directory(caller.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("LOGGING_FORMAT", "json");
        Process gateway = pb.start();
        try {
            assertEquals(200, UnpackedDistribution.waitForHealth(port, gateway).statusCode(), Files.readString(log));
            UnpackedDistribution.Result healthy = UnpackedDistribution.run(caller, env, entry, "healthcheck");
            assertEquals(0, healthy.exit(), healthy.output());
            UnpackedDistribution.Result refused = UnpackedDistribution.run(caller, env, sw, "keys", "list",
                    "--config", "my.yaml");
            assertEquals(1, refused.exit(), refused.output());
            assertTrue(refused.output().contains("the gateway is running") && refused.output().contains("Stop it first"),
                    refused.output());
        } finally {
            gateway.destroy();
            if (!gateway.waitFor(30, TimeUnit.SECONDS)) {
                gateway.destroyForcibly();
            }
        }
        String output = Files.readString(log);
        int jsonLines = 0;
        for (String line : output.split("\n")) {
            assertFalse(line.matches("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d.*"), "a text log line in JSON mode: " + line);
            if (line.startsWith("{")) {
                JsonObject o = Json.createReader(new StringReader(line)).readObject();
                assertTrue(o.containsKey("ts") && o.containsKey("level") && o.containsKey("logger"), line);
                jsonLines++;
            }
        }
        assertTrue(jsonLines >= 3 && output.contains("\"logger\":\"dev.switchboard.access\"")
                && output.contains("\"path\":\"/health\""), output);

        assertNotEquals(0, UnpackedDistribution.run(caller, env, entry, "healthcheck").exit(), "nothing listens");
        UnpackedDistribution.Result created = UnpackedDistribution.run(caller, env, sw, "keys", "create", "ci",
                "--config", "my.yaml");
        assertEquals(0, created.exit(), created.output());
        assertTrue(created.output().contains("sk-sb-"), created.output());
        UnpackedDistribution.Result imported = UnpackedDistribution.run(caller, env, sw, "accounts", "import", "local",
                "accounts.json", "--config", "my.yaml");
        assertEquals(0, imported.exit(), imported.output());
        assertTrue(imported.output().contains("imported 1 account into local: a1"), imported.output());
        UnpackedDistribution.Result reset = UnpackedDistribution.run(caller, env, sw, "admin", "reset-password",
                "--config", "my.yaml");
        assertEquals(0, reset.exit(), reset.output());
        assertTrue(Files.exists(home.resolve("data/admin-password")));
    }
}
