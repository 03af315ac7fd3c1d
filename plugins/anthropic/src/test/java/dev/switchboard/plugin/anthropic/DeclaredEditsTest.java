package dev.switchboard.plugin.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.kernel.dialect.anthropic.AnthropicRequestReader;
import dev.switchboard.spi.Account;
import dev.switchboard.spi.ClientRequest;
import dev.switchboard.spi.Dialect;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.HttpHeaders;
import dev.switchboard.spi.UpstreamCall;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.testkit.Fixtures;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

/**
 * What goes upstream: the client's body with only the declared edits (model, clamps, drop-fields), betas per the
 * instance's policy, the account's credential and nothing of the client's other headers.
 */
class DeclaredEditsTest {
    static final String BETAS = "claude-code-20250219,interleaved-thinking-2025-05-14,fine-grained-tool-streaming-2025-05-14";
    static final String URL = "https://api.deepseek.com/anthropic";

    static UpstreamCall prepare(JsonObjectBuilder config, JsonObject raw, Account account) throws Exception {
        TestAnthropic t = TestAnthropic.create(config);
        HttpHeaders client = HttpHeaders.create().set("anthropic-beta", BETAS).set("anthropic-version", "2023-06-01")
                .set("x-stainless-os", "MacOS").set("user-agent", "claude-cli/2.1.330");
        ChatRequest request = AnthropicRequestReader.readMessages(raw, client);
        String model = t.provider.resolveModel(request.model()).orElseThrow();
        return t.provider.prepare(request, model, account,
                new ClientRequest(Dialect.ANTHROPIC, "/v1/messages", client, raw, null, null));
    }

    static JsonObject sent(UpstreamCall call) {
        return Jsons.parseObject(call.request().bodyText());
    }

    @Test
    void claudeCodesBodyGoesUpstreamWithOnlyTheModelChanged() throws Exception {
        JsonObject raw = Fixtures.claudeCodeBody("tool-use-turn1");
        UpstreamCall call = prepare(TestAnthropic.config(URL).add("model-map", Json.createObjectBuilder()
                .add("claude-*", "deepseek-chat")), raw, TestAnthropic.apiKey("k", "sk-ds-1"));
        assertEquals(Dialect.ANTHROPIC, call.passThrough(), "relayed, not converted");
        assertEquals(URL + "/v1/messages", call.request().uri().toString());
        JsonObject sent = sent(call);
        assertEquals("deepseek-chat", sent.getString("model"));
        assertEquals(Jsons.objectBuilder(raw).remove("model").build(), Jsons.objectBuilder(sent).remove("model").build(),
                "every other field as the client wrote it");
        HttpHeaders h = call.request().headers();
        assertEquals("sk-ds-1", h.get("x-api-key"));
        assertNull(h.get("authorization"));
        assertEquals("2023-06-01", h.get("anthropic-version"));
        assertEquals(BETAS.replace(",", ", "), h.get("anthropic-beta"), "pass is the default policy");
        assertNull(h.get("x-stainless-os"), "SDK telemetry stays with the gateway");
        assertNull(h.get("user-agent"));
    }

    @Test
    void anAuthTokenGoesAsBearer() throws Exception {
        UpstreamCall call = prepare(TestAnthropic.config(URL), Fixtures.claudeCodeBody("say-hi"),
                TestAnthropic.authToken("t", "kimi-token-7"));
        assertEquals("Bearer kimi-token-7", call.request().headers().get("authorization"));
        assertNull(call.request().headers().get("x-api-key"));
    }

    @Test
    void betaPolicies() throws Exception {
        JsonObject raw = Fixtures.claudeCodeBody("say-hi");
        Account k = TestAnthropic.apiKey("k", "sk");
        assertNull(prepare(TestAnthropic.config(URL).add("beta-headers", "strip"), raw, k).request().headers()
                .get("anthropic-beta"), "strip sends none");
        assertEquals("interleaved-thinking-2025-05-14", prepare(TestAnthropic.config(URL).add("beta-headers",
                Json.createArrayBuilder().add("interleaved-thinking-2025-05-14").add("context-1m-2025-08-07")), raw, k)
                .request().headers().get("anthropic-beta"), "a list forwards only what it names");
    }

    @Test
    void dropFieldsAndClampsOnBothPaths() throws Exception {
        JsonObject raw = Jsons.objectBuilder(Fixtures.claudeCodeBody("say-hi")).add("max_tokens", 32000)
                .add("thinking", Json.createObjectBuilder().add("type", "enabled").add("budget_tokens", 31999))
                .add("context_management", Json.createObjectBuilder().add("edits", JsonValue.EMPTY_JSON_ARRAY))
                .add("metadata", Json.createObjectBuilder().add("user_id", "u1")).build();
        JsonObjectBuilder config = TestAnthropic.config(URL).add("max-output-tokens", 8192)
                .add("drop-fields", Json.createArrayBuilder().add("context_management").add("metadata"));
        JsonObject relayed = sent(prepare(config, raw, TestAnthropic.apiKey("k", "sk")));
        assertEquals(8192, relayed.getInt("max_tokens"));
        assertEquals(8191, relayed.getJsonObject("thinking").getInt("budget_tokens"), "the budget fits under the cap");
        assertFalse(relayed.containsKey("context_management"));
        assertFalse(relayed.containsKey("metadata"));
        assertEquals(raw.get("messages"), relayed.get("messages"));

        TestAnthropic t = TestAnthropic.create(TestAnthropic.config(URL).add("max-output-tokens", 2000)
                .add("drop-fields", Json.createArrayBuilder().add("metadata")));
        ChatRequest request = AnthropicRequestReader.readMessages(raw, HttpHeaders.create());
        UpstreamCall converted = t.provider.prepare(request, "deepseek-chat", TestAnthropic.apiKey("k", "sk"),
                dev.switchboard.testkit.ProviderHarness.client(Dialect.OPENAI_CHAT));
        assertNull(converted.passThrough());
        JsonObject body = sent(converted);
        assertEquals(2000, body.getInt("max_tokens"));
        assertFalse(body.containsKey("metadata"));
        assertEquals(1999, body.getJsonObject("thinking").getInt("budget_tokens"));
        assertTrue(RequestEdits.fitBudget(request.thinking(), 1000) == null, "below the minimum budget: thinking off");
    }

    @Test
    void theConfiguredVersionAndExtraHeadersWinOverTheClients() throws Exception {
        UpstreamCall call = prepare(TestAnthropic.config(URL).add("anthropic-version", "2024-01-01")
                .add("extra-headers", Json.createObjectBuilder().add("X-Org", "team-a")),
                Fixtures.claudeCodeBody("say-hi"), TestAnthropic.apiKey("k", "sk"));
        assertEquals("2024-01-01", call.request().headers().get("anthropic-version"));
        assertEquals("team-a", call.request().headers().get("x-org"));
    }

    @Test
    void foreignThinkingSignaturesAreConvertedAndDroppedOwnOnesRelayed() throws Exception {
        String history = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":4000,\"messages\":["
                + "{\"role\":\"user\",\"content\":\"hi\"},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"hm\",\"signature\":\"%s\"},"
                + "{\"type\":\"text\",\"text\":\"hello\"}]},{\"role\":\"user\",\"content\":\"again\"}]}";
        // A signature the client got from another upstream comes back wrapped with its issuer.
        JsonObject foreign = Jsons.parseObject(history.formatted("swb1:kiro:thinking-signature:kiro-sig"));
        UpstreamCall converted = prepare(TestAnthropic.config(URL), foreign, TestAnthropic.apiKey("k", "sk"));
        assertNull(converted.passThrough(), "not relayed: the upstream would refuse the foreign signature");
        assertFalse(converted.request().bodyText().contains("kiro-sig"), converted.request().bodyText());
        assertTrue(converted.request().bodyText().contains("hello"));

        JsonObject own = Jsons.parseObject(history.formatted("sig-issued-by-anthropic"));
        UpstreamCall relayed = prepare(TestAnthropic.config("https://api.anthropic.com"), own,
                TestAnthropic.apiKey("k", "sk"));
        assertEquals(Dialect.ANTHROPIC, relayed.passThrough());
        assertTrue(relayed.request().bodyText().contains("sig-issued-by-anthropic"));
    }

    @Test
    void aStoredAccountWithoutCredentialIsAnUpstreamAuthProblem() {
        Account none = new Account(3, "claude", "empty", JsonValue.EMPTY_JSON_OBJECT, null, null);
        GatewayException e = org.junit.jupiter.api.Assertions.assertThrows(GatewayException.class,
                () -> prepare(TestAnthropic.config(URL), Fixtures.claudeCodeBody("say-hi"), none));
        assertNotNull(e.kind());
        assertEquals(dev.switchboard.spi.ErrorKind.UPSTREAM_AUTH, e.kind());
    }

    /** A Claude Code body with a one-hour cache mark on its system prompt, its last message and its last tool. */
    private static JsonObject withCacheTtl() {
        JsonObject ttl = Json.createObjectBuilder().add("type", "ephemeral").add("ttl", "1h").build();
        return Jsons.objectBuilder(Fixtures.claudeCodeBody("say-hi"))
                .add("system", Json.createArrayBuilder().add(Json.createObjectBuilder().add("type", "text")
                        .add("text", "You are Claude Code.").add("cache_control", ttl)))
                .add("messages", Json.createArrayBuilder().add(Json.createObjectBuilder().add("role", "user")
                        .add("content", Json.createArrayBuilder().add(Json.createObjectBuilder().add("type", "text")
                                .add("text", "hi").add("cache_control", ttl)))))
                .add("tools", Json.createArrayBuilder().add(Json.createObjectBuilder().add("name", "Read")
                        .add("description", "reads").add("input_schema", Json.createObjectBuilder().add("type", "object"))
                        .add("cache_control", ttl)))
                .build();
    }

    private static java.util.List<JsonObject> cacheMarks(JsonObject body) {
        java.util.List<JsonObject> marks = new java.util.ArrayList<>();
        body.getJsonArray("system").forEach(v -> marks.add(v.asJsonObject().getJsonObject("cache_control")));
        body.getJsonArray("messages").getJsonObject(0).getJsonArray("content")
                .forEach(v -> marks.add(v.asJsonObject().getJsonObject("cache_control")));
        body.getJsonArray("tools").forEach(v -> marks.add(v.asJsonObject().getJsonObject("cache_control")));
        return marks;
    }

    @Test
    void aCompatibleEndpointGetsCacheMarksWithoutTheirTtlOnBothPaths() throws Exception {
        JsonObject raw = withCacheTtl();
        JsonObject relayed = sent(prepare(TestAnthropic.config(URL), raw, TestAnthropic.apiKey("k", "sk")));
        assertEquals(3, cacheMarks(relayed).size());
        for (JsonObject mark : cacheMarks(relayed)) {
            assertEquals(Json.createObjectBuilder().add("type", "ephemeral").build(), mark,
                    "the mark stays, its ttl goes: " + relayed);
        }
        assertEquals(raw.getJsonArray("messages").getJsonObject(0).getJsonArray("content").getJsonObject(0)
                .getString("text"), relayed.getJsonArray("messages").getJsonObject(0).getJsonArray("content")
                .getJsonObject(0).getString("text"));

        TestAnthropic t = TestAnthropic.create(TestAnthropic.config(URL));
        ChatRequest request = AnthropicRequestReader.readMessages(raw, HttpHeaders.create());
        JsonObject converted = sent(t.provider.prepare(request, "deepseek-chat", TestAnthropic.apiKey("k", "sk"),
                dev.switchboard.testkit.ProviderHarness.client(Dialect.OPENAI_CHAT)));
        assertFalse(converted.toString().contains("\"ttl\""), converted.toString());
    }

    @Test
    void anthropicsApiAndCacheTtlPassKeepTheTtl() throws Exception {
        JsonObject raw = withCacheTtl();
        for (JsonObjectBuilder config : java.util.List.of(TestAnthropic.config("https://api.anthropic.com"),
                TestAnthropic.config(URL).add("cache-ttl", "pass"))) {
            JsonObject relayed = sent(prepare(config, raw, TestAnthropic.apiKey("k", "sk")));
            for (JsonObject mark : cacheMarks(relayed)) {
                assertEquals("1h", mark.getString("ttl"), relayed.toString());
            }
        }
        JsonObject plain = Fixtures.claudeCodeBody("say-hi");
        org.junit.jupiter.api.Assertions.assertSame(plain, RequestEdits.withoutCacheTtl(plain),
                "a body without a ttl is left as it is");
    }
}
