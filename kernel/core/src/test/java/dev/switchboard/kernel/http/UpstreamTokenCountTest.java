package dev.switchboard.kernel.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.kernel.Gateway;
import dev.switchboard.kernel.routing.ModelRouter;
import dev.switchboard.kernel.testplugin.EchoProviderFactory;
import dev.switchboard.spi.ClientRequest;
import dev.switchboard.spi.Dialect;
import dev.switchboard.spi.HttpHeaders;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.kernel.dialect.anthropic.AnthropicRequestReader;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel's side of an upstream token count: a plugin without the hook, and a model no route serves, are
 * estimated; only a JSON object with a whole, non-negative {@code input_tokens} is relayed as the upstream's count.
 * (The upstream answers — 404, 429, 5xx, 401 — are exercised through the anthropic plugin's gateway tests.)
 */
class UpstreamTokenCountTest {
    @TempDir
    Path home;

    @Test
    void aPluginWithoutTheHookAndAnUnroutedModelAreEstimated() throws Exception {
        Path conf = home.resolve("gateway.yaml");
        Files.writeString(conf, """
                providers:
                  - id: echo
                    plugin: echo
                    models: [ claude-sonnet-4-5 ]
                routes:
                  - model: claude-*
                    targets: [ { provider: echo } ]
                """);
        try (Gateway g = Gateway.builder().home(home).configFile(conf).env(Map.of()).systemProperties(new Properties())
                .addFactory(new EchoProviderFactory()).port(0).start()) {
            UpstreamTokenCount counts = new UpstreamTokenCount(new ModelRouter(g.config().routes(), g.providers()));
            assertTrue(counts.count(request("claude-sonnet-4-5"), client("claude-sonnet-4-5")).isEmpty(),
                    "echo offers no count: the gateway estimates");
            assertTrue(counts.count(request("gpt-nothing"), client("gpt-nothing")).isEmpty(),
                    "no route: the gateway estimates instead of failing the count");
        }
    }

    @Test
    void onlyAWholeNonNegativeInputTokensIsACount() {
        assertTrue(UpstreamTokenCount.isCount(bytes("{\"input_tokens\":1234}")));
        assertTrue(UpstreamTokenCount.isCount(bytes("{\"input_tokens\":0,\"context_management\":{}}")));
        assertFalse(UpstreamTokenCount.isCount(bytes("<html>gateway timeout</html>")));
        assertFalse(UpstreamTokenCount.isCount(bytes("{\"input_tokens\":\"12\"}")));
        assertFalse(UpstreamTokenCount.isCount(bytes("{\"input_tokens\":-1}")));
        assertFalse(UpstreamTokenCount.isCount(bytes("{\"input_tokens\":1.5}")));
        assertFalse(UpstreamTokenCount.isCount(bytes("{\"tokens\":12}")));
        assertFalse(UpstreamTokenCount.isCount(bytes("[12]")));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static JsonObject body(String model) {
        return Jsons.parseObject("{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    }

    private static ChatRequest request(String model) throws Exception {
        return AnthropicRequestReader.readCountTokens(body(model), HttpHeaders.create());
    }

    private static ClientRequest client(String model) {
        return new ClientRequest(Dialect.ANTHROPIC, "/v1/messages/count_tokens", HttpHeaders.create(), body(model),
                null, null);
    }
}
