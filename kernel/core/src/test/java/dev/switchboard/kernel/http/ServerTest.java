package dev.switchboard.kernel.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.kernel.Gateway;
import dev.switchboard.kernel.testplugin.EchoProviderFactory;
import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real routing: health, preflights, CORS and model listing. */
class ServerTest {
    @TempDir
    Path home;

    private final HttpClient http = HttpClient.newHttpClient();

    private Gateway start(String yaml) throws Exception {
        Path conf = home.resolve("gateway.yaml");
        Files.writeString(conf, yaml);
        return Gateway.builder().home(home).configFile(conf).env(Map.of()).systemProperties(new Properties())
                .addFactory(new EchoProviderFactory()).port(0).start();
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder req(Gateway g, String path) {
        return HttpRequest.newBuilder(URI.create(g.baseUrl() + path));
    }

    @Test
    void healthEndpointsAndPreflights() throws Exception {
        try (Gateway g = start("providers:\n  - id: e\n    plugin: echo\n")) {
            for (String p : new String[]{"/health", "/v1/health"}) {
                HttpResponse<String> r = send(req(g, p));
                assertEquals(200, r.statusCode());
                JsonObject o = Jsons.parseObject(r.body());
                assertEquals("ok", o.getString("status"));
                assertTrue(o.containsKey("timestamp") && o.containsKey("uptime"), r.body());
            }
            HttpResponse<String> ready = send(req(g, "/health/ready"));
            assertEquals(200, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("\"id\":\"e\""), ready.body());
            assertEquals(200, send(req(g, "/").method("HEAD", HttpRequest.BodyPublishers.noBody())).statusCode());
            assertEquals(200, send(req(g, "/api/hello").method("HEAD", HttpRequest.BodyPublishers.noBody())).statusCode());
            assertEquals("{\"status\":\"ok\"}", send(req(g, "/api/hello")).body());
            HttpResponse<String> options = send(req(g, "/v1/messages").method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", "https://evil.example"));
            assertEquals(204, options.statusCode());
            assertTrue(options.headers().firstValue("access-control-allow-headers").orElse("").contains("anthropic-beta"));
            assertTrue(options.headers().firstValue("access-control-allow-origin").isEmpty(),
                    "no origin is allowed by default");
        }
    }

    @Test
    void corsAllowsOnlyConfiguredOrigins() throws Exception {
        try (Gateway g = start("server:\n  cors:\n    allowed-origins: [ \"https://app.example\" ]\n")) {
            HttpResponse<String> ok = send(req(g, "/health").header("Origin", "https://app.example"));
            assertEquals("https://app.example", ok.headers().firstValue("access-control-allow-origin").orElse(null));
            HttpResponse<String> other = send(req(g, "/health").header("Origin", "https://other.example"));
            assertTrue(other.headers().firstValue("access-control-allow-origin").isEmpty());
        }
    }

    @Test
    void modelsInBothShapesThroughTheRealRouting() throws Exception {
        try (Gateway g = start("""
                providers:
                  - id: e
                    plugin: echo
                    models: [ claude-opus-5-5, gpt-5 ]
                """)) {
            HttpResponse<String> openai = send(req(g, "/v1/models"));
            assertEquals(200, openai.statusCode());
            JsonObject o = Jsons.parseObject(openai.body());
            assertEquals("list", o.getString("object"));
            assertEquals("claude-opus-5-5", o.getJsonArray("data").getJsonObject(0).getString("id"));
            assertEquals("model", o.getJsonArray("data").getJsonObject(0).getString("object"));

            HttpResponse<String> anthropic = send(req(g, "/v1/models?limit=1").header("anthropic-version", "2023-06-01"));
            JsonObject a = Jsons.parseObject(anthropic.body());
            assertEquals(1, a.getJsonArray("data").size());
            assertEquals("Claude Opus 5.5", a.getJsonArray("data").getJsonObject(0).getString("display_name"));
            assertEquals(true, a.getBoolean("has_more"));
            assertEquals("claude-opus-5-5", a.getString("last_id"));
            JsonObject page2 = Jsons.parseObject(send(req(g, "/v1/models?limit=5&after_id=claude-opus-5-5")
                    .header("anthropic-version", "2023-06-01")).body());
            assertEquals("gpt-5", page2.getString("first_id"));
            assertEquals(false, page2.getBoolean("has_more"));

            assertEquals(200, send(req(g, "/v1/models/gpt-5")).statusCode());
            HttpResponse<String> missing = send(req(g, "/v1/models/nope"));
            assertEquals(404, missing.statusCode());
            assertEquals("model_not_found", Jsons.parseObject(missing.body()).getJsonObject("error").getString("code"));
        }
    }

    @Test
    void modelsNeedAValidKeyWhenKeysExistAndListOnlyAllowedModels() throws Exception {
        try (Gateway g = start("""
                clients:
                  keys:
                    - { name: team, key: sk-team-0123456789abcdef, models: [ "claude-*" ] }
                providers:
                  - id: e
                    plugin: echo
                    models: [ claude-opus-5-5, gpt-5 ]
                """)) {
            HttpResponse<String> none = send(req(g, "/v1/models"));
            assertEquals(401, none.statusCode());
            assertEquals("authentication_error", Jsons.parseObject(none.body()).getJsonObject("error").getString("type"));
            HttpResponse<String> wrong = send(req(g, "/v1/models").header("x-api-key", "sk-wrong-0123456789abcdef")
                    .header("anthropic-version", "2023-06-01"));
            assertEquals(401, wrong.statusCode());
            assertEquals("authentication_error", Jsons.parseObject(wrong.body()).getJsonObject("error").getString("type"));
            HttpResponse<String> ok = send(req(g, "/v1/models").header("Authorization", "Bearer sk-team-0123456789abcdef"));
            assertEquals(200, ok.statusCode());
            assertTrue(ok.body().contains("claude-opus-5-5") && !ok.body().contains("gpt-5"), ok.body());
            HttpResponse<String> query = send(req(g, "/v1/models?api_key=sk-team-0123456789abcdef"));
            assertEquals(401, query.statusCode(), "keys in query strings are never accepted");
        }
    }

    @Test
    void gracefulShutdownRefusesNewRequestsAndReturns() throws Exception {
        Gateway g = start("server:\n  shutdown-grace: 2s\n");
        String base = g.baseUrl();
        assertEquals(200, send(HttpRequest.newBuilder(URI.create(base + "/health"))).statusCode());
        g.close();
        g.close(); // idempotent
        try {
            HttpResponse<String> after = send(HttpRequest.newBuilder(URI.create(base + "/health")));
            throw new AssertionError("the listener must be closed, got " + after.statusCode());
        } catch (java.io.IOException expected) {
            assertTrue(expected.getMessage() == null || !expected.getMessage().isEmpty());
        }
    }
}
