package dev.switchboard.kernel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.kernel.Gateway;
import dev.switchboard.kernel.store.ClientKey;
import dev.switchboard.kernel.store.StorageSettings;
import dev.switchboard.kernel.store.Store;
import dev.switchboard.kernel.testplugin.ScriptedAnthropicProviderFactory;
import dev.switchboard.spi.ConfigException;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command of {@code bin/switchboard}, on a real configuration and database. */
class CliTest {
    private static final String CONFIG = """
            providers:
              - id: up
                plugin: scripted
                base-url: http://127.0.0.1:9
                models: [ claude-opus-5-5 ]
            routes:
              - model: claude-*
                targets: [ { provider: up } ]
            """;
    private static final Map<String, String> ENV = Map.of("SWITCHBOARD_ENCRYPTION_KEY",
            "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");

    @TempDir
    Path home;
    Path caller;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void layout() throws Exception {
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/gateway.yaml"), CONFIG);
        caller = Files.createDirectories(home.resolve("elsewhere"));
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return new Cli(home, caller, ENV, new Properties(), Clock.systemUTC(),
                List.of(new ScriptedAnthropicProviderFactory()), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), "1.2.3").run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Store store() {
        return Store.open(StorageSettings.of(home.resolve("data")), Clock.systemUTC(), ENV);
    }

    @Test
    void versionAndHelp() {
        assertEquals(0, run("version"));
        assertEquals("switchboard 1.2.3\n", out());
        assertEquals(0, run("help"));
        assertTrue(out().contains("accounts import PROVIDER FILE"), out());
        assertEquals(2, run("frobnicate"), "not a command");
        assertEquals(2, run("keys", "list", "--colour", "red"));
        assertTrue(err().contains("'keys list' has no option --colour"), err());
        assertTrue(Cli.isCommand(new String[]{"--config", "x.yaml", "keys", "list"}));
        assertFalse(Cli.isCommand(new String[]{"--config", "x.yaml"}));
    }

    @Test
    void configCheckAcceptsAGoodFileAndGivesTheStartupMessageForABadOne() throws Exception {
        assertEquals(0, run("config", "check"), err());
        assertEquals("conf/gateway.yaml: OK (1 provider, 1 route, 0 client keys)\n", out());

        Path bad = caller.resolve("bad.yaml");
        Files.writeString(bad, "server:\n  prot: 1\n");
        assertEquals(1, run("config", "check", "--config", "bad.yaml"), "relative to the caller's directory");
        String startup;
        try {
            Gateway.builder().home(home).configFile(bad).env(ENV).systemProperties(new Properties()).loadConfig();
            throw new AssertionError("the file is broken");
        } catch (ConfigException e) {
            startup = "switchboard: configuration error: " + e.getMessage();
        }
        assertEquals(startup + "\n", err());
        assertTrue(startup.contains("server.prot: unknown key"), startup);

        Files.writeString(bad, CONFIG.replace("models: [ claude-opus-5-5 ]", "models: [ x ]\n    colour: red"));
        assertEquals(1, run("config", "check", "--config", bad.toString()));
        assertTrue(err().contains("providers[0].colour: unknown key"), "plugin keys are checked as at startup: " + err());

        Files.writeString(bad, "server: [ unclosed\n");
        assertEquals(1, run("config", "check", "--config", bad.toString()));
        assertTrue(err().contains("not valid YAML"), err());
        assertFalse(Files.exists(home.resolve("data")), "config check never opens the database");
    }

    @Test
    void keysAreCreatedPrintedOnceListedAndRevoked() throws Exception {
        assertEquals(0, run("keys", "create", "ci", "--models", "claude-*,gpt-4.1", "--rpm", "60",
                "--daily-cost-limit", "2.50", "--daily-token-quota", "1000"), err());
        String key = out().strip();
        assertTrue(key.startsWith("sk-sb-") && !key.contains("\n"), "only the key on stdout: " + out());
        assertTrue(err().contains("not shown again"), err());
        assertEquals(1, run("keys", "create", "ci"));
        assertTrue(err().contains("already exists"), err());
        assertEquals(2, run("keys", "create", "x", "--rpm", "lots"));

        assertEquals(0, run("keys", "list"));
        String[] lines = out().split("\n");
        assertTrue(lines[0].startsWith("NAME") && lines[0].contains("COST/DAY"), out());
        assertTrue(lines[1].startsWith("ci ") && lines[1].contains(key.substring(0, 12)) && lines[1].contains("active")
                && lines[1].contains("claude-*,gpt-4.1") && lines[1].contains("2.5"), out());
        assertFalse(out().contains(key), "never the secret");

        try (Store s = store()) {
            ClientKey k = s.clientKeys().verify(key).key();
            assertEquals("ci", k.name());
            assertEquals(60, k.rpm());
            assertEquals(0, new BigDecimal("2.5").compareTo(k.dailyCostLimit()));
        }
        assertEquals(0, run("keys", "revoke", "ci"));
        assertEquals("revoked client key 'ci'\n", out());
        assertEquals(0, run("keys", "revoke", "ci"));
        assertTrue(out().contains("already revoked"));
        assertEquals(1, run("keys", "revoke", "nobody"));
        assertTrue(err().contains("no client key named 'nobody'"), err());
        assertEquals(0, run("keys", "list"));
        assertTrue(out().split("\n")[1].contains("revoked"), out());
    }

    @Test
    void accountsAreImportedFromAnExportFileAfterAllOfThemValidated() throws Exception {
        Files.writeString(caller.resolve("accounts.json"), """
                {"accounts": [
                  {"name": "a1", "tier": 2, "credentials": {"api-key": "sk-upstream-one"}},
                  {"name": "a2", "enabled": false, "credentials": {"api-key": "sk-upstream-two"}}
                ]}""");
        assertEquals(0, run("accounts", "import", "up", "accounts.json"), err());
        assertEquals("imported 2 accounts into up: a1, a2\n", out());
        try (Store s = store()) {
            var a1 = s.accounts().find("up", "a1").orElseThrow();
            assertEquals(2, a1.tier());
            assertEquals("sk-upstream-one", a1.credentials().getString("api-key"));
            assertEquals("disabled", s.accounts().find("up", "a2").orElseThrow().state().wire());
        }
        try (Store s = store()) {
            String raw = s.database().jdbi().withHandle(h -> h.createQuery(
                    "SELECT credentials_enc FROM accounts WHERE name = 'a1'").mapTo(String.class).one());
            assertFalse(raw.contains("sk-upstream-one"), "stored encrypted");
        }

        Files.writeString(caller.resolve("masked.json"), "{\"accounts\":[{\"name\":\"b\",\"credentials\":"
                + "{\"api-key\":\"***\"}}]}");
        assertEquals(1, run("accounts", "import", "up", "masked.json"));
        assertTrue(err().contains("masked secrets"), err());
        Files.writeString(caller.resolve("half.json"), "[{\"name\":\"c1\",\"credentials\":{\"api-key\":\"k\"}},"
                + "{\"credentials\":{\"api-key\":\"k\"}}]");
        assertEquals(1, run("accounts", "import", "up", "half.json"));
        assertTrue(err().contains("nothing was imported"), err());
        try (Store s = store()) {
            assertTrue(s.accounts().find("up", "c1").isEmpty(), "no partial import");
        }
        assertEquals(1, run("accounts", "import", "nope", "accounts.json"));
        assertTrue(err().contains("no provider 'nope'") && err().contains("providers: up"), err());
        assertEquals(1, run("accounts", "import", "up", "missing.json"));
        assertTrue(err().contains("cannot read"), err());
    }

    @Test
    void resetPasswordWritesANewGeneratedOneAndEndsSessions() throws Exception {
        String before;
        try (Store s = store()) { // a first start: the generated password exists, a session is open
            dev.switchboard.kernel.admin.AdminBootstrap.ensure(Gateway.builder().home(home)
                    .configFile(home.resolve("conf/gateway.yaml")).env(ENV).systemProperties(new Properties())
                    .loadConfig().admin(), s.admin(), home.resolve("data"));
            before = Files.readString(home.resolve("data/admin-password")).strip();
            s.admin().createSession("admin", Duration.ofHours(1));
        }
        assertEquals(0, run("admin", "reset-password"), err());
        assertTrue(out().contains("data/admin-password") && out().contains("every admin session was ended"), out());
        Path file = home.resolve("data/admin-password");
        String after = Files.readString(file).strip();
        assertNotEquals(before, after);
        assertFalse(out().contains(after) || err().contains(after), "the password is never printed");
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(file));
        try (Store s = store()) {
            assertTrue(s.admin().verifyPassword("admin", after));
            assertFalse(s.admin().verifyPassword("admin", before));
            assertEquals(0, s.admin().deleteAllSessions(), "the sessions were already ended");
        }

        Files.writeString(home.resolve("conf/gateway.yaml"), "admin:\n  password: configured-password-123\n" + CONFIG);
        assertEquals(1, run("admin", "reset-password"));
        assertTrue(err().contains("admin.password is set in conf/gateway.yaml"), err());
        assertEquals(after, Files.readString(file).strip(), "untouched");
    }

    @Test
    void databaseCommandsRefuseWhileTheGatewayHoldsTheDatabase() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                "dev.switchboard.kernel.store.ForkedStore", "hold", home.resolve("data").toString())
                .redirectError(home.resolve("holder.err").toFile());
        pb.environment().putAll(ENV);
        Process holder = pb.start();
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("open", r.readLine(), "the other process holds the database");
            for (String[] command : List.of(new String[]{"keys", "list"}, new String[]{"keys", "create", "x"},
                    new String[]{"admin", "reset-password"})) {
                assertEquals(1, run(command), String.join(" ", command));
                assertTrue(err().contains("the gateway is running: it holds the database in " + home.resolve("data"))
                        && err().contains("Stop it first"), err());
            }
            assertEquals(0, run("config", "check"), "config check needs no database");
        } finally {
            holder.getOutputStream().close();
            if (!holder.waitFor(30, TimeUnit.SECONDS)) {
                holder.destroyForcibly();
            }
        }
        assertEquals(0, run("keys", "list"), "free again once it stopped: " + err());
    }
}
