package dev.switchboard.kernel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.kernel.store.UsageGroupBy;
import dev.switchboard.kernel.store.UsageReport;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.testkit.AnthropicSse;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client input the gateway must refuse cleanly, through the real routing: malformed model names, JSON beyond the
 * parser limits, bodies not declared as JSON, a forged {@code Host} (DNS rebinding) and CORS on every route.
 */
class ClientInputHardeningTest {
    private static final String LONG_MODEL = "claude-" + "x".repeat(256 - "claude-".length());
    private static final List<String> CHAT_PATHS = List.of("/v1/messages", "/v1/chat/completions", "/v1/responses");

    @TempDir
    Path home;

    private GatewayFixture gateway(String extraServer, String keys) throws Exception {
        String yaml = GatewayFixture.oneProvider("", "k1")
                .replace("models: [ claude-opus-5-5, claude-sonnet-4-5 ]",
                        "models: [ claude-opus-5-5, claude-sonnet-4-5, " + LONG_MODEL + " ]")
                .replace("server:\n", "server:\n" + extraServer);
        GatewayFixture f = new GatewayFixture(home, keys + yaml);
        f.fake.on("POST", "/v1/messages", (req, ex) -> {
            ex.status(200).header("content-type", "text/event-stream");
            AnthropicSse.start("m", 12).text("ok").end("end_turn", 3).frames().forEach(ex::write);
            ex.end();
        });
        return f;
    }

    private static String body(String path, String model, String extra) {
        return switch (path) {
            case "/v1/responses" -> "{\"model\":" + Jsons.quote(model) + ",\"input\":\"hi\"" + extra + "}";
            default -> "{\"model\":" + Jsons.quote(model) + ",\"max_tokens\":10,\"messages\":[{\"role\":\"user\","
                    + "\"content\":\"hi\"}]" + extra + "}";
        };
    }

    private static JsonObject error(HttpResponse<String> r) {
        return Jsons.parseObject(r.body()).getJsonObject("error");
    }

    /** The error shape of the path's dialect: Anthropic has {@code type: error}, OpenAI a {@code param}. */
    private static void assertDialectError(String path, HttpResponse<String> r, int status, String type) {
        assertEquals(status, r.statusCode(), path + ": " + r.body());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/json"), path);
        JsonObject o = Jsons.parseObject(r.body());
        if (path.startsWith("/v1/messages")) {
            assertEquals("error", o.getString("type"), r.body());
        } else {
            assertTrue(o.getJsonObject("error").containsKey("param"), r.body());
        }
        assertEquals(type, o.getJsonObject("error").getString("type"), r.body());
    }

    @Test
    void modelNamesOutsideTheRuleAre400sAndA256CharacterNameIsServedAndCounted() throws Exception {
        try (GatewayFixture f = gateway("", "")) {
            for (String path : CHAT_PATHS) {
                for (String bad : List.of(LONG_MODEL + "y", "claude-opus\r\n127.0.0.1 GET /admin status=200",
                        "no-such model; incorrect api key", "claude\u0000x")) {
                    HttpResponse<String> r = f.send(f.post(path, body(path, bad, "")));
                    assertDialectError(path, r, 400, "invalid_request_error");
                    assertTrue(error(r).getString("message").startsWith("model names"), r.body());
                    if (!path.startsWith("/v1/messages")) {
                        assertEquals("model", error(r).getString("param"));
                    }
                    assertTrue(!r.body().contains("\r\n127.0.0.1"), "the refused name is not echoed");
                }
            }
            HttpResponse<String> count = f.send(f.post("/v1/messages/count_tokens", body("/v1/messages",
                    LONG_MODEL + "y", "")));
            assertDialectError("/v1/messages/count_tokens", count, 400, "invalid_request_error");
            assertEquals(0, f.fake.requests("/v1/messages").size(), "nothing refused reached the upstream");

            Instant before = Instant.now().minusSeconds(5);
            HttpResponse<String> ok = f.send(f.post("/v1/messages", body("/v1/messages", LONG_MODEL, "")));
            assertEquals(200, ok.statusCode(), ok.body());
            // The row may be committed just after the last byte went out: wait for it, bounded.
            UsageReport report = f.gateway.store().usage().query(UsageGroupBy.MODEL, before, Instant.now().plusSeconds(60));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (report.groups().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
                report = f.gateway.store().usage().query(UsageGroupBy.MODEL, before, Instant.now().plusSeconds(60));
            }
            assertEquals(1, report.groups().size(), "the usage row of a 256-character model was written");
            assertEquals(LONG_MODEL, report.groups().getFirst().key());
            assertEquals(15, report.total().totalTokens());
        }
    }

    @Test
    void jsonBeyondTheParserLimitsIsA400InTheDialectNeverA500() throws Exception {
        String deep = ",\"metadata\":" + "[".repeat(1000) + "]".repeat(1000);
        String longNumber = ",\"top_p\":0." + "1".repeat(2000);
        try (GatewayFixture f = gateway("", "")) {
            for (String path : List.of("/v1/messages", "/v1/chat/completions", "/v1/responses",
                    "/v1/messages/count_tokens")) {
                String base = path.equals("/v1/messages/count_tokens") ? "/v1/messages" : path;
                for (String extra : List.of(deep, longNumber, ",\"temperature\":1e999", ",\"top_p\":-1e999")) {
                    HttpResponse<String> r = f.send(f.post(path, body(base, "claude-opus-5-5", extra)));
                    assertDialectError(path, r, 400, "invalid_request_error");
                }
            }
            assertEquals(0, f.fake.requests("/v1/messages").size());
        }
    }

    @Test
    void onlyApplicationJsonBodiesAreAcceptedOnEveryJsonEndpoint() throws Exception {
        try (GatewayFixture f = gateway("", "")) {
            int port = f.gateway.port();
            List<String> paths = List.of("/v1/messages", "/v1/chat/completions", "/v1/responses",
                    "/v1/messages/count_tokens", "/admin/login");
            for (String path : paths) {
                String base = path.equals("/v1/messages/count_tokens") ? "/v1/messages" : path;
                String body = path.equals("/admin/login") ? "{\"username\":\"admin\",\"password\":\"x\"}"
                        : body(base, "claude-opus-5-5", "");
                for (String type : new String[]{"text/plain;charset=json", "text/plain", null,
                        "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonx"}) {
                    RawHttp.Response r = RawHttp.exchange(port, "POST", path, "127.0.0.1", type, body);
                    assertEquals(415, r.status(), path + " with " + type + ": " + r.body());
                    JsonObject err = Jsons.parseObject(r.body()).getJsonObject("error");
                    assertEquals("invalid_request_error", err.getString("type"), r.body());
                }
                for (String type : List.of("application/json", "application/json; charset=utf-8", "Application/JSON")) {
                    RawHttp.Response r = RawHttp.exchange(port, "POST", path, "127.0.0.1", type, body);
                    assertNotEquals(415, r.status(), path + " with " + type + ": " + r.body());
                }
            }
            assertEquals(415, RawHttp.exchange(port, "POST", "/v1/messages", "127.0.0.1", "text/plain",
                    body("/v1/messages", "claude-opus-5-5", "")).status());
            assertEquals(9, f.fake.requests("/v1/messages").size(),
                    "only the application/json chat requests (3 paths x 3 spellings) reached the upstream");
        }
    }

    @Test
    void inLoopbackModeOnlyLoopbackHostsAndAllowedHostsAreServed() throws Exception {
        try (GatewayFixture f = gateway("  allowed-hosts: [ gw.example.com, \"*.corp.example\" ]\n", "")) {
            int port = f.gateway.port();
            String msg = body("/v1/messages", "claude-opus-5-5", "");
            for (String host : List.of("evil.example", "evil.example:" + port, "127.0.0.1.evil.example",
                    "localhost.evil.example", "corp.example", "[::2]")) {
                for (String path : List.of("/v1/messages", "/v1/chat/completions", "/health", "/admin/login")) {
                    String b = path.equals("/v1/chat/completions") ? body(path, "claude-opus-5-5", "") : msg;
                    RawHttp.Response r = RawHttp.exchange(port, path.equals("/health") ? "GET" : "POST", path, host,
                            "application/json", b);
                    assertEquals(403, r.status(), host + " " + path + ": " + r.body());
                    JsonObject o = Jsons.parseObject(r.body());
                    assertEquals("permission_error", o.getJsonObject("error").getString("type"));
                    assertEquals(path.equals("/v1/messages"), o.containsKey("type"), "answered in the dialect");
                }
            }
            RawHttp.Response noHost = RawHttp.exchange(port, "GET", "/v1/models", null, null, null);
            assertTrue(noHost.status() == 400 || noHost.status() == 403, "no Host header: " + noHost.status());
            for (String host : List.of("127.0.0.1:" + port, "localhost:" + port, "LOCALHOST", "[::1]:" + port,
                    "127.0.0.2", "app.localhost:" + port, "gw.example.com", "GW.example.com:443", "a.corp.example")) {
                RawHttp.Response r = RawHttp.exchange(port, "POST", "/v1/messages", host, "application/json", msg);
                assertEquals(200, r.status(), host + ": " + r.body());
            }
        }
    }

    @Test
    void withClientKeysTheHostIsCheckedOnlyWhenAllowedHostsIsSet() throws Exception {
        String keys = "clients:\n  keys:\n    - { name: team, key: sk-team-0123456789abcdef }\n";
        try (GatewayFixture f = gateway("", keys)) {
            RawHttp.Response r = RawHttp.exchange(f.gateway.port(), "GET", "/v1/models", "gw.public.example",
                    null, null);
            assertEquals(401, r.status(), "keys protect the gateway; any Host reaches the key check: " + r.body());
        }
        try (GatewayFixture f = gateway("  allowed-hosts: [ gw.public.example ]\n", keys)) {
            assertEquals(401, RawHttp.exchange(f.gateway.port(), "GET", "/v1/models", "gw.public.example", null,
                    null).status());
            assertEquals(403, RawHttp.exchange(f.gateway.port(), "GET", "/v1/models", "evil.example", null,
                    null).status());
        }
    }

    @Test
    void configuredCorsOriginsAreAnsweredOnEveryRouteIncludingErrors() throws Exception {
        try (GatewayFixture f = gateway("  cors:\n    allowed-origins: [ \"https://app.example\" ]\n", "")) {
            List<HttpRequest.Builder> requests = List.of(
                    f.post("/v1/messages", body("/v1/messages", "claude-opus-5-5", "")),
                    f.post("/v1/chat/completions", "{}"),
                    f.post("/v1/messages/count_tokens", "[1]"),
                    f.post("/admin/login", "{\"username\":\"admin\",\"password\":\"wrong\"}"),
                    HttpRequest.newBuilder(java.net.URI.create(f.base() + "/admin/providers")),
                    HttpRequest.newBuilder(java.net.URI.create(f.base() + "/no/such/route")),
                    HttpRequest.newBuilder(java.net.URI.create(f.base() + "/v1/models")));
            for (HttpRequest.Builder b : requests) {
                HttpResponse<String> r = f.send(b.header("Origin", "https://app.example").timeout(Duration.ofSeconds(20)));
                assertEquals("https://app.example", r.headers().firstValue("access-control-allow-origin").orElse(null),
                        r.uri() + " " + r.statusCode());
                HttpResponse<String> other = f.send(b.setHeader("Origin", "https://evil.example"));
                assertNull(other.headers().firstValue("access-control-allow-origin").orElse(null), r.uri().toString());
            }
        }
    }
}
