package dev.switchboard.kernel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.kernel.Gateway;
import dev.switchboard.kernel.testplugin.EchoProviderFactory;
import dev.switchboard.spi.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every configuration error stops startup with a message naming the file, the key and the problem. */
class ConfigErrorsTest {
    @TempDir
    Path home;

    private Gateway.Builder builder(String yaml, Map<String, String> env) throws IOException {
        Path conf = home.resolve("conf");
        Files.createDirectories(conf);
        Files.writeString(conf.resolve("gateway.yaml"), yaml);
        return Gateway.builder().home(home).configFile(conf.resolve("gateway.yaml")).env(env)
                .systemProperties(new Properties()).addFactory(new EchoProviderFactory()).port(0);
    }

    private String startError(String yaml) throws IOException {
        return startError(yaml, Map.of());
    }

    private String startError(String yaml, Map<String, String> env) throws IOException {
        Gateway.Builder b = builder(yaml, env);
        ConfigException e = assertThrows(ConfigException.class, () -> b.start().close());
        return e.getMessage();
    }

    @Test
    void unknownPluginNamesFileKeyAndAvailablePlugins() throws Exception {
        String m = startError("""
                providers:
                  - id: a
                    plugin: nope
                """);
        assertEquals("conf/gateway.yaml: providers[0].plugin: unknown plugin 'nope' (available: echo)", m);
    }

    @Test
    void duplicateProviderId() throws Exception {
        String m = startError("""
                providers:
                  - id: a
                    plugin: echo
                  - id: a
                    plugin: echo
                """);
        assertEquals("conf/gateway.yaml: providers[1].id: duplicate provider id 'a'", m);
    }

    @Test
    void routeToMissingProvider() throws Exception {
        String m = startError("""
                providers:
                  - id: a
                    plugin: echo
                routes:
                  - model: claude-*
                    targets:
                      - { provider: a }
                      - { provider: b, model: x }
                """);
        assertEquals("conf/gateway.yaml: routes[0].targets[1].provider: route 'claude-*' targets provider 'b',"
                + " which is not defined under providers", m);
    }

    @Test
    void aCooldownLongerThanMaxCooldownIsRefused() throws Exception {
        String m = startError("""
                providers:
                  - id: a
                    plugin: echo
                    cooldown: 2h
                """);
        assertEquals("conf/gateway.yaml: providers[0].cooldown: must not be longer than max-cooldown (3600s)", m);
        assertTrue(startError("""
                providers:
                  - id: a
                    plugin: echo
                    max-cooldown: 0s
                """).startsWith("conf/gateway.yaml: providers[0].max-cooldown: "));
    }

    @Test
    void unresolvedRequiredSecret() throws Exception {
        String m = startError("""
                providers:
                  - id: a
                    plugin: echo
                    accounts:
                      - { name: main, api-key: "${ECHO_KEY}" }
                """);
        assertEquals("conf/gateway.yaml: providers[0].accounts[0].api-key: environment variable ${ECHO_KEY} is not set", m);
    }

    @Test
    void secretFromEnvironmentResolves() throws Exception {
        try (Gateway g = builder("""
                providers:
                  - id: a
                    plugin: echo
                    accounts:
                      - { name: main, api-key: "${ECHO_KEY}" }
                """, Map.of("ECHO_KEY", "k-123")).start()) {
            assertEquals("k-123", g.providers().get("a").pool().find("main").toAccount().credential("api-key"));
        }
    }

    @Test
    void unknownKeysAreRejectedWithTheKnownOnes() throws Exception {
        assertTrue(startError("servr:\n  port: 1\n").startsWith("conf/gateway.yaml: servr: unknown key (known keys: "));
        assertTrue(startError("server:\n  prot: 1\n").startsWith("conf/gateway.yaml: server.prot: unknown key"));
        assertTrue(startError("""
                providers:
                  - id: a
                    plugin: echo
                    bas-url: http://x
                """).startsWith("conf/gateway.yaml: providers[0].bas-url: unknown key (known keys: "));
        assertTrue(startError("""
                providers:
                  - id: a
                    plugin: echo
                    accounts:
                      - { name: main, api-kee: x }
                """).startsWith("conf/gateway.yaml: providers[0].accounts[0].api-kee: unknown key"));
    }

    @Test
    void badValuesNameTheirKey() throws Exception {
        assertEquals("conf/gateway.yaml: server.port: must be an integer, got 'eighty'",
                startError("server:\n  port: eighty\n"));
        assertEquals("conf/gateway.yaml: providers[0].strategy: unknown strategy 'fastest' (known: round-robin, random,"
                        + " lru, least-used, least-tokens, least-in-flight, weighted, most-remaining, least-remaining,"
                        + " oldest-first; aliases: least-token-used, least_usage, least_used, max-remaining, most_usage,"
                        + " oldest_first, round_robin, weighted-score)",
                startError("providers:\n  - id: a\n    plugin: echo\n    strategy: fastest\n"));
        assertEquals("conf/gateway.yaml: providers[0].id: is required", startError("providers:\n  - plugin: echo\n"));
        assertEquals("conf/gateway.yaml: providers[0].accounts[1].name: duplicate account name 'x' in provider 'a'",
                startError("providers:\n  - id: a\n    plugin: echo\n    accounts: [ {name: x}, {name: x} ]\n"));
        assertEquals("conf/gateway.yaml: routes[0].targets: needs at least one {provider, model} target",
                startError("routes:\n  - model: x\n"));
    }

    @Test
    void invalidYamlIsReported() throws Exception {
        String m = startError("server: [unclosed\n");
        assertTrue(m.startsWith("conf/gateway.yaml: not valid YAML"), m);
    }

    @Test
    void missingFileIsReported() {
        ConfigException e = assertThrows(ConfigException.class, () -> Gateway.builder().home(home)
                .configFile(home.resolve("conf/none.yaml")).start());
        assertEquals("conf/none.yaml: configuration file not found", e.getMessage());
    }

    @Test
    void environmentOverridesYamlIncludingListEntriesAndDashes() throws Exception {
        Gateway.Builder b = builder("""
                server:
                  port: 1234
                admin:
                  login-window: 15m
                providers:
                  - id: a
                    plugin: echo
                    base-url: http://file.example
                """, Map.of("SERVER_PORT", "0", "ADMIN_LOGIN_dash_WINDOW", "2m",
                "PROVIDERS_0_BASE_dash_URL", "http://env.example", "PATH", "/usr/bin"));
        GatewayConfig c = b.loadConfig();
        assertEquals(0, c.server().port());
        assertEquals(java.time.Duration.ofMinutes(2), c.admin().loginWindow());
        assertEquals("http://env.example", c.providers().get(0).node().string("base-url").orElseThrow());
    }

    @Test
    void yamlOffReadsAsFalse() throws Exception {
        GatewayConfig c = builder("providers:\n  - id: a\n    plugin: echo\n    affinity: off\n", Map.of()).loadConfig();
        assertEquals(false, c.providers().get(0).pool().affinity());
    }

    @Test
    void keysWithDotsStayLiteral() throws Exception {
        GatewayConfig c = builder("""
                providers:
                  - id: a
                    plugin: echo
                    models: [ "gpt-4.1" ]
                """, Map.of()).loadConfig();
        Path conf = home.resolve("conf/dots.yaml");
        Files.writeString(conf, "providers:\n  - id: a\n    plugin: echo\n    model-map:\n      gpt-4.1: x\n"
                + "      \"claude-3.5-*\": y\n");
        LoadedConfig loaded = ConfigLoader.load(conf, "dots.yaml", Map.of(), new Properties());
        var map = loaded.effective().getJsonArray("providers").getJsonObject(0).getJsonObject("model-map");
        assertEquals("x", map.getString("gpt-4.1"), map.toString());
        assertEquals("y", map.getString("claude-3.5-*"), map.toString());
        assertEquals("gpt-4.1", c.providers().get(0).node().strings("models").get(0));
    }

    @Test
    void pluginsSeeTheGatewaysEnvironment() throws Exception {
        try (Gateway g = builder("providers:\n  - id: a\n    plugin: echo\n    models: [ m1 ]\n",
                Map.of("ECHO_EXTRA_MODEL", "from-env")).start()) {
            assertEquals(java.util.List.of("m1", "from-env"), g.providers().get("a").provider().models());
        }
    }

    @Test
    void aReasoningBudgetTableThatDoesNotGrowWithTheLevelIsRefused() throws Exception {
        String m = startError("""
                dispatch:
                  reasoning-budgets: { low: 4096, medium: 2048 }
                """);
        assertTrue(m.startsWith("conf/gateway.yaml: dispatch.reasoning-budgets"), m);
        assertTrue(m.contains("budgets must grow with the level"), m);
        String unknown = startError("""
                dispatch:
                  reasoning-budgets: { huge: 100000 }
                """);
        assertTrue(unknown.contains("huge"), unknown);
    }
}
