package dev.switchboard.kernel.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.kernel.Gateway;
import dev.switchboard.kernel.testplugin.EchoProviderFactory;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Routing: first matching route in file order, globs, plugin tables for targets without a model. */
class ModelRouterTest {
    @TempDir
    Path home;

    private Gateway start(String yaml) throws Exception {
        Path conf = home.resolve("gateway.yaml");
        Files.writeString(conf, yaml);
        return Gateway.builder().home(home).configFile(conf).env(Map.of()).systemProperties(new Properties())
                .addFactory(new EchoProviderFactory()).port(0).start();
    }

    private static final String CONFIG = """
            providers:
              - id: cheap
                plugin: echo
                models: [ claude-haiku-4-5, small-1 ]
              - id: main
                plugin: echo
                models: [ big-1, big-2 ]
            routes:
              - model: claude-haiku-*
                targets: [ { provider: cheap } ]
              - model: claude-*
                targets:
                  - { provider: main, model: big-1 }
                  - { provider: cheap, model: small-1 }
              - model: claude-opus-5-5
                targets: [ { provider: cheap, model: never-reached } ]
              - model: gpt-?
                targets: [ { provider: main, model: big-2 } ]
            """;

    @Test
    void firstMatchInFileOrderWithGlobsAndFallbackTargets() throws Exception {
        try (Gateway g = start(CONFIG)) {
            ModelRouter router = new ModelRouter(g.config().routes(), g.providers());
            List<RouteTarget> haiku = router.resolve("claude-haiku-4-5");
            assertEquals(1, haiku.size());
            assertEquals("cheap", haiku.get(0).instance().id());
            assertEquals("claude-haiku-4-5", haiku.get(0).upstreamModel(), "the plugin table resolves it");

            List<RouteTarget> opus = router.resolve("claude-opus-5-5");
            assertEquals(List.of("main:big-1", "cheap:small-1"),
                    opus.stream().map(t -> t.instance().id() + ":" + t.upstreamModel()).toList(),
                    "claude-* comes first in the file, so the literal route below it never matches");

            assertEquals("big-2", router.resolve("GPT-5").get(0).upstreamModel(), "globs ignore case");
            GatewayException e = assertThrows(GatewayException.class, () -> router.resolve("gpt-55"));
            assertEquals(ErrorKind.NOT_FOUND, e.kind(), "? matches exactly one character");
            assertEquals("big-2", router.resolve("big-2").get(0).upstreamModel(),
                    "a name no route matches falls back to the provider whose table knows it");
        }
    }

    @Test
    void haikuRouteWithoutTableMatchIsNotFound() throws Exception {
        try (Gateway g = start(CONFIG)) {
            ModelRouter router = new ModelRouter(g.config().routes(), g.providers());
            GatewayException e = assertThrows(GatewayException.class, () -> router.resolve("claude-haiku-9"));
            assertTrue(e.getMessage().contains("route 'claude-haiku-*' has no target that serves it"), e.getMessage());
        }
    }

    @Test
    void modelListHasConcreteNamesAndTableModelsButNoGlobs() throws Exception {
        try (Gateway g = start(CONFIG)) {
            ModelRouter router = new ModelRouter(g.config().routes(), g.providers());
            List<String> models = router.listModels(m -> true);
            assertTrue(models.contains("claude-haiku-4-5"), models.toString());
            assertTrue(models.contains("claude-opus-5-5"), models.toString());
            assertTrue(models.contains("big-1"), models.toString());
            assertFalse(models.stream().anyMatch(m -> m.contains("*") || m.contains("?")), models.toString());
            assertEquals(List.of("claude-haiku-4-5"), router.listModels(m -> m.startsWith("claude-haiku")));
        }
    }

    @Test
    void globSyntax() {
        assertTrue(Glob.of("claude-*").matches("claude-sonnet-4-5"));
        assertTrue(Glob.of("claude-*").matches("claude-"));
        assertFalse(Glob.of("claude-*").matches("xclaude-1"));
        assertTrue(Glob.of("a.b").matches("a.b"));
        assertFalse(Glob.of("a.b").matches("axb"), "dots are literal");
        assertTrue(Glob.of("gpt-?o").matches("gpt-4o"));
    }
}
