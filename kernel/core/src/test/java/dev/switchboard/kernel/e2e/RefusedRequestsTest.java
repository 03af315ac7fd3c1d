package dev.switchboard.kernel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.json.Jsons;
import dev.switchboard.testkit.AnthropicSse;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chat requests the gateway refuses before dispatch (bad key, bad body, forbidden model, rate limit) are listed by
 * {@code GET /admin/requests} with their status and error kind, never with the presented credential, and they leave
 * no usage row; a dispatched request is still listed exactly once.
 */
class RefusedRequestsTest {
    private static final String TEAM_KEY = "sk-team-secret-0123456789";
    private static final String SONNET_KEY = "sk-sonnet-secret-0123456789";
    private static final String WRONG_KEY = "sk-wrong-presented-credential-42";
    private static final String YAML = """
            admin:
              password: correct-horse-battery
              recent-requests: 50
            clients:
              keys:
                - { name: team, key: %s, rpm: 1 }
                - { name: sonnet-only, key: %s, models: [ "claude-sonnet-*" ] }
            """.formatted(TEAM_KEY, SONNET_KEY) + GatewayFixture.oneProvider("", "k1");
    private static final String MSG = "{\"model\":\"claude-opus-5-5\",\"max_tokens\":10,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"secret prompt text\"}]}";

    @TempDir
    Path home;

    @Test
    void refusalsAreListedWithStatusAndKindButNoCredentialAndNoUsageRow() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, YAML)) {
            f.fake.on("POST", "/v1/messages", (req, ex) -> {
                ex.status(200).header("content-type", "text/event-stream");
                AnthropicSse.start("m", 3).text("ok").end("end_turn", 4).frames().forEach(ex::write);
                ex.end();
            });
            assertEquals(200, f.send(f.post("/v1/messages", MSG).header("x-api-key", TEAM_KEY)).statusCode());
            assertEquals(401, f.send(f.post("/v1/messages", MSG).header("x-api-key", WRONG_KEY)).statusCode());
            assertEquals(400, f.send(f.post("/v1/chat/completions", "{not json")
                    .header("authorization", "Bearer " + TEAM_KEY)).statusCode());
            assertEquals(403, f.send(f.post("/v1/messages", MSG).header("x-api-key", SONNET_KEY)).statusCode());
            assertEquals(429, f.send(f.post("/v1/messages", MSG).header("x-api-key", TEAM_KEY)).statusCode(),
                    "the key's one request per minute is used");

            String token = f.adminToken("correct-horse-battery");
            HttpResponse<String> r = f.send(f.admin(token, "GET", "/admin/requests", null));
            assertEquals(200, r.statusCode(), r.body());
            List<JsonObject> data = Jsons.parseObject(r.body()).getJsonArray("data").getValuesAs(JsonObject.class);
            assertEquals(List.of(429, 403, 400, 401, 200), data.stream().map(e -> e.getInt("status")).toList(),
                    "every request once, newest first: " + r.body());

            JsonObject limited = data.get(0);
            assertRefused(limited, "client_rate_limited", "anthropic");
            assertEquals("team", limited.getString("key"));
            assertEquals("claude-opus-5-5", limited.getString("model"));
            assertFalse(limited.getBoolean("stream"));
            JsonObject forbidden = data.get(1);
            assertRefused(forbidden, "permission", "anthropic");
            assertEquals("sonnet-only", forbidden.getString("key"));
            assertEquals("claude-opus-5-5", forbidden.getString("model"));
            JsonObject malformed = data.get(2);
            assertRefused(malformed, "invalid_request", "openai_chat");
            assertEquals("team", malformed.getString("key"));
            assertFalse(malformed.containsKey("model"), "the body was never read: " + malformed);
            JsonObject unknown = data.get(3);
            assertRefused(unknown, "client_auth", "anthropic");
            assertFalse(unknown.containsKey("key"), "no key was accepted: " + unknown);
            assertFalse(unknown.getBoolean("authenticated", true), "told apart from loopback mode: " + unknown);
            assertFalse(unknown.containsKey("model"), unknown.toString());

            JsonObject served = data.get(4);
            assertFalse(served.getBoolean("refused"), served.toString());
            assertEquals("up", served.getString("provider"));
            assertEquals(1, served.getInt("attempts"));
            assertFalse(served.containsKey("authenticated"), served.toString());

            for (String leak : new String[]{WRONG_KEY, "sk-wrong", TEAM_KEY, SONNET_KEY, "secret prompt text"}) {
                assertFalse(r.body().contains(leak), leak + " must not appear: " + r.body());
            }

            f.awaitUsageRows(1);
            HttpResponse<String> usage = f.send(f.admin(token, "GET", "/admin/usage?group_by=error_kind", null));
            assertEquals(200, usage.statusCode(), usage.body());
            JsonObject report = Jsons.parseObject(usage.body());
            assertEquals(1, report.getJsonObject("total").getInt("requests"), "refusals are no usage: " + usage.body());
            JsonArray groups = report.getJsonArray("groups");
            assertEquals(1, groups.size(), usage.body());
            assertEquals("", groups.getJsonObject(0).getString("key"), "only the answered request: " + usage.body());
        }
    }

    private static void assertRefused(JsonObject e, String kind, String dialect) {
        assertTrue(e.getBoolean("refused"), e.toString());
        assertEquals(kind, e.getString("error_kind"), e.toString());
        assertEquals("error", e.getString("outcome"), e.toString());
        assertEquals(dialect, e.getString("dialect"), e.toString());
        assertEquals(0, e.getInt("attempts"), e.toString());
        assertTrue(e.containsKey("latency_ms"), e.toString());
        assertFalse(e.containsKey("provider") || e.containsKey("account") || e.containsKey("upstream_model"),
                e.toString());
    }
}
