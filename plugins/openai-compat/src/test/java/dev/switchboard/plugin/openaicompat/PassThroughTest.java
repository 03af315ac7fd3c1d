package dev.switchboard.plugin.openaicompat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.ClientRequest;
import dev.switchboard.spi.Dialect;
import dev.switchboard.spi.HttpHeaders;
import dev.switchboard.spi.UpstreamCall;
import dev.switchboard.spi.UpstreamResponse;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.spi.model.Message;
import dev.switchboard.spi.stream.StreamAccumulator;
import jakarta.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue item 6: OpenAI-chat clients' bodies relayed with only the model replaced, and tapped for usage. */
class PassThroughTest {
    private final FakeOpenAi fake = new FakeOpenAi();

    @AfterEach
    void close() {
        fake.close();
    }

    private static final String SIMPLE = """
            {"model":"gpt-4o","messages":[{"role":"system","content":"be brief"},{"role":"user","content":"hi"}],
             "max_tokens":50,"temperature":0.2,"stream":true,"stream_options":{"include_usage":true},"seed":7,
             "tools":[{"type":"function","function":{"name":"lookup","parameters":{"type":"object",
               "properties":{"q":{"type":"string"}},"required":["q"]}}}],"tool_choice":"auto","n":1}""";

    private static ClientRequest oc(String body) {
        return new ClientRequest(Dialect.OPENAI_CHAT, "/v1/chat/completions", HttpHeaders.create(),
                Jsons.parseObject(body), null, null);
    }

    private static ChatRequest canonical() {
        return ChatRequest.builder("gpt-4o").maxTokens(50).addMessage(Message.user("hi")).stream(true).build();
    }

    private UpstreamCall prepare(TestCompat c, String body) throws Exception {
        return c.provider.prepare(canonical(), "backend-model", TestCompat.key1(), oc(body));
    }

    @Test
    void aPlainRequestIsRelayedWithTheBackendModelAndTappedForUsage() throws Exception {
        TestCompat c = TestCompat.create(TestCompat.config(fake.baseUrl()));
        UpstreamCall call = prepare(c, SIMPLE);
        assertEquals(Dialect.OPENAI_CHAT, call.passThrough());
        assertTrue(call.streaming());
        JsonObject sent = Jsons.parseObject(call.request().body());
        JsonObject expected = jakarta.json.Json.createObjectBuilder(Jsons.parseObject(SIMPLE))
                .add("model", "backend-model").build();
        assertEquals(expected, sent, "only the model name changes");
        assertEquals("Bearer sk-test-1", call.request().headers().get("authorization"));
        assertEquals(fake.baseUrl() + "/chat/completions", call.request().uri().toString());

        fake.onChat(FakeOpenAi.stream(ChatSse.text("backend-model", 30, 6, "relayed")));
        StreamAccumulator usage = new StreamAccumulator();
        try (UpstreamResponse res = c.ctx.transport().send(call.request())) {
            byte[] bytes = res.readBody(1 << 20);
            usage.acceptAll(call.decoder().onBytes(bytes, 0, bytes.length));
            usage.acceptAll(call.decoder().onEnd());
        }
        assertEquals(30, usage.usage().inputTokens(), "the tap reads the usage chunk");
        assertEquals(6, usage.usage().outputTokens());
    }

    @Test
    void aUnaryRequestIsRelayedUnary() throws Exception {
        TestCompat c = TestCompat.create(TestCompat.config(fake.baseUrl()));
        UpstreamCall call = prepare(c, "{\"model\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals(Dialect.OPENAI_CHAT, call.passThrough());
        assertTrue(!call.streaming());
        assertEquals("application/json", call.request().headers().get("accept"));
    }

    @Test
    void anythingThatNeedsRewritingGoesThroughTheConverter() throws Exception {
        Map<String, String> cases = Map.of(
                "generic takes max_tokens", "{\"model\":\"x\",\"max_completion_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "unknown field", "{\"model\":\"x\",\"metadata\":{\"a\":\"b\"},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "reasoning_effort unsupported", "{\"model\":\"x\",\"reasoning_effort\":\"high\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "developer role", "{\"model\":\"x\",\"messages\":[{\"role\":\"developer\",\"content\":\"be brief\"},{\"role\":\"user\",\"content\":\"hi\"}]}",
                "system mid-conversation", "{\"model\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"system\",\"content\":\"later\"}]}",
                "long tool name", "{\"model\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"tools\":[{\"type\":\"function\","
                        + "\"function\":{\"name\":\"" + "t".repeat(70) + "\",\"parameters\":{\"type\":\"object\"}}}]}",
                "too many stop sequences", "{\"model\":\"x\",\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"],\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        TestCompat c = TestCompat.create(TestCompat.config(fake.baseUrl()));
        for (Map.Entry<String, String> e : cases.entrySet()) {
            assertNull(prepare(c, e.getValue()).passThrough(), e.getKey());
        }
    }

    @Test
    void profileLimitsDecideToo() throws Exception {
        String schemaWithExtras = """
                {"model":"x","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":
                 {"name":"f","parameters":{"type":"object","additionalProperties":false,"properties":{}}}}]}""";
        assertNull(prepare(TestCompat.create(TestCompat.config(fake.baseUrl()).add("profile", "gemini")), schemaWithExtras)
                .passThrough(), "gemini must clean the schema");
        assertEquals(Dialect.OPENAI_CHAT, prepare(TestCompat.create(TestCompat.config(fake.baseUrl())), schemaWithExtras)
                .passThrough(), "generic takes it as it is");

        String image = """
                {"model":"x","messages":[{"role":"user","content":[{"type":"text","text":"what is it"},
                 {"type":"image_url","image_url":{"url":"https://example.com/a.png"}}]}]}""";
        assertNull(prepare(TestCompat.create(TestCompat.config(fake.baseUrl()).add("profile", "deepseek")), image)
                .passThrough(), "deepseek cannot see images");
        assertNull(prepare(TestCompat.create(TestCompat.config(fake.baseUrl()).add("supports-stream-options", false)),
                SIMPLE).passThrough(), "stream_options the backend rejects");
        assertNull(prepare(TestCompat.create(TestCompat.config(fake.baseUrl()).add("max-output-tokens", 20)), SIMPLE)
                .passThrough(), "max_tokens above the model's cap is clamped by the converter");
        assertEquals(Dialect.OPENAI_CHAT, prepare(TestCompat.create(TestCompat.config(fake.baseUrl())
                .add("max-output-tokens", 50)), SIMPLE).passThrough(), "at the cap is fine");
        assertNull(prepare(TestCompat.create(TestCompat.config(fake.baseUrl()).add("drop-fields", "seed")), SIMPLE)
                .passThrough(), "a field the backend rejects");
        assertNull(prepare(TestCompat.create(TestCompat.config(fake.baseUrl()).add("pass-through", false)),
                "{\"model\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").passThrough(), "switched off");
    }

    @Test
    void convertedFallbackStillServesTheOpenAiClient() throws Exception {
        TestCompat c = TestCompat.create(TestCompat.config(fake.baseUrl()));
        UpstreamCall call = prepare(c, "{\"model\":\"x\",\"metadata\":{},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertNull(call.passThrough());
        JsonObject sent = Jsons.parseObject(call.request().body());
        assertEquals("backend-model", sent.getString("model"));
        assertTrue(sent.getBoolean("stream"), "converted calls stream upstream");
        assertTrue(!sent.containsKey("metadata"), "the converter allow-lists fields");
    }

    @Test
    void anthropicClientsAreNeverRelayed() throws Exception {
        TestCompat c = TestCompat.create(TestCompat.config(fake.baseUrl()));
        ClientRequest anthropic = new ClientRequest(Dialect.ANTHROPIC, "/v1/messages", HttpHeaders.create(),
                Jsons.parseObject("{\"model\":\"x\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
                null, null);
        assertNull(c.provider.prepare(canonical(), "m", TestCompat.key1(), anthropic).passThrough());
    }
}
