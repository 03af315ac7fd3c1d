package dev.switchboard.plugin.openaicompat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.RateLimitException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Base64ImageSource;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.ImageBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.TextBlockParam;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolChoiceAny;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** anthropic-java round trips through the gateway and this plugin: text, tools, images, streaming, errors. */
class AnthropicSdkGatewayTest {
    @TempDir
    Path home;
    private CompatGateway g;
    private AnthropicClient client;

    private void start(String extra, String... keys) throws Exception {
        g = new CompatGateway(home, CompatGateway.yaml(extra, CompatGateway.ROUTES, keys));
        client = AnthropicOkHttpClient.builder().baseUrl(g.base()).apiKey("unused-locally").maxRetries(0).build();
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (g != null) {
            g.close();
        }
    }

    private static final Tool WEATHER = Tool.builder().name("get_weather").description("Weather for a city")
            .inputSchema(Tool.InputSchema.builder()
                    .properties(JsonValue.from(Map.of("city", Map.of("type", "string"))))
                    .required(List.of("city")).build())
            .build();

    @Test
    void text() throws Exception {
        start("", "k1");
        g.onChat(FakeOpenAi.stream(ChatSse.text("backend-model", 12, 3, "Hello", " from the backend")));
        Message m = client.messages().create(MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(300)
                .system("Be kind.").addUserMessage("hello").putAdditionalBodyProperty("temperature", JsonValue.from(0.3)).addStopSequence("END").addStopSequence(" ").build());
        assertEquals("Hello from the backend", m.content().get(0).asText().text());
        assertEquals(StopReason.END_TURN, m.stopReason().orElseThrow());
        assertEquals("claude-sonnet-4-5", m.model().asString());
        assertEquals(12, m.usage().inputTokens());
        JsonObject sent = g.lastChat();
        assertEquals("Be kind.", sent.getJsonArray("messages").getJsonObject(0).getString("content"));
        assertEquals(0.3, sent.getJsonNumber("temperature").doubleValue(), 1e-9);
        assertEquals(300, sent.getInt("max_tokens"));
        assertEquals("[\"END\"]", sent.getJsonArray("stop").toString(), "whitespace-only stops are not sent");
    }

    @Test
    void toolsBothWays() throws Exception {
        start("", "k1");
        g.onChat(FakeOpenAi.stream(ChatSse.of("m").toolStart(0, "call_w1", "get_weather", "{\"city\":")
                .toolArgs(0, "\"Paris\"}").finish("tool_calls").usage(40, 9, 0).done()));
        MessageCreateParams first = MessageCreateParams.builder().model("claude-opus-5-5").maxTokens(500)
                .addTool(WEATHER).toolChoice(ToolChoiceAny.builder().disableParallelToolUse(true).build())
                .addUserMessage("weather in Paris?").build();
        Message m = client.messages().create(first);
        assertEquals(StopReason.TOOL_USE, m.stopReason().orElseThrow());
        ToolUseBlock use = m.content().get(0).asToolUse();
        assertEquals("get_weather", use.name());
        assertEquals(Map.of("city", "Paris"), use._input().convert(Map.class));
        JsonObject sent = g.lastChat();
        assertEquals("required", sent.getString("tool_choice"));
        assertFalse(sent.getBoolean("parallel_tool_calls"));
        assertEquals("get_weather", sent.getJsonArray("tools").getJsonObject(0).getJsonObject("function").getString("name"));

        g.onChat(FakeOpenAi.stream(ChatSse.text("m", 60, 5, "Sunny, 21°C.")));
        Message answer = client.messages().create(MessageCreateParams.builder().model("claude-opus-5-5").maxTokens(500)
                .addTool(WEATHER).addUserMessage("weather in Paris?").addMessage(m)
                .addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofToolResult(ToolResultBlockParam.builder()
                        .toolUseId(use.id()).content("21°C, sunny").build()))).build());
        assertEquals("Sunny, 21°C.", answer.content().get(0).asText().text());
        JsonArray messages = g.lastChat().getJsonArray("messages");
        JsonObject assistant = messages.getJsonObject(1);
        assertEquals("call_w1", assistant.getJsonArray("tool_calls").getJsonObject(0).getString("id"));
        assertTrue(assistant.isNull("content"), "a tool-only assistant turn has content null, never \"\"");
        JsonObject tool = messages.getJsonObject(2);
        assertEquals("tool", tool.getString("role"));
        assertEquals("call_w1", tool.getString("tool_call_id"));
        assertEquals("21°C, sunny", tool.getString("content"));
    }

    @Test
    void images() throws Exception {
        start("", "k1");
        g.onChat(FakeOpenAi.stream(ChatSse.text("m", 800, 4, "A red square.")));
        Message m = client.messages().create(MessageCreateParams.builder().model("claude-opus-5-5").maxTokens(100)
                .addUserMessageOfContentBlockParams(List.of(
                        ContentBlockParam.ofImage(ImageBlockParam.builder().source(Base64ImageSource.builder()
                                .mediaType(Base64ImageSource.MediaType.IMAGE_PNG).data("iVBORw0KGgoAAAANSUhEUg==").build())
                                .build()),
                        ContentBlockParam.ofText(TextBlockParam.builder().text("what is this?").build())))
                .build());
        assertEquals("A red square.", m.content().get(0).asText().text());
        JsonArray parts = g.lastChat().getJsonArray("messages").getJsonObject(0).getJsonArray("content");
        JsonObject image = parts.getJsonObject(0);
        assertEquals("image_url", image.getString("type"));
        assertEquals("data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==", image.getJsonObject("image_url").getString("url"));
        assertEquals("what is this?", parts.getJsonObject(1).getString("text"));
    }

    @Test
    void streamingWithReasoningTextAndParallelTools() throws Exception {
        start("    profile: deepseek\n", "k1");
        g.onChat(FakeOpenAi.stream(ChatSse.of("m").reasoning("Two cities, ").reasoning("two calls.")
                .content("Checking both.")
                .toolStart(0, "call_a", "get_weather", "{\"ci").toolStart(1, "call_b", "get_weather", "{\"city\":")
                .toolArgs(0, "ty\":\"Paris\"}").toolArgs(1, "\"Rome\"}")
                .finish("tool_calls").usage(70, 44, 0).done()));
        MessageAccumulator acc = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> s = client.messages().createStreaming(MessageCreateParams.builder()
                .model("claude-opus-5-5").maxTokens(2000).addTool(WEATHER).addUserMessage("Paris and Rome?").build())) {
            s.stream().forEach(acc::accumulate);
        }
        Message m = acc.message();
        assertEquals(StopReason.TOOL_USE, m.stopReason().orElseThrow());
        assertEquals(4, m.content().size());
        assertEquals("Two cities, two calls.", m.content().get(0).asThinking().thinking());
        assertEquals("", m.content().get(0).asThinking().signature(), "never a fabricated signature");
        assertEquals("Checking both.", m.content().get(1).asText().text());
        assertEquals(Map.of("city", "Paris"), m.content().get(2).asToolUse()._input().convert(Map.class));
        assertEquals(Map.of("city", "Rome"), m.content().get(3).asToolUse()._input().convert(Map.class));
        assertEquals(44, m.usage().outputTokens());
    }

    @Test
    void errors() throws Exception {
        start("", "k1");
        MessageCreateParams p = MessageCreateParams.builder().model("claude-opus-5-5").maxTokens(10)
                .addUserMessage("hi").build();
        g.onChat(FakeOpenAi.json(400, new String(ErrorClassifierTest.fixture("openai-context-length.json"))));
        BadRequestException tooLong = assertThrows(BadRequestException.class, () -> client.messages().create(p));
        assertTrue(tooLong.getMessage().contains("maximum context length"), tooLong.getMessage());

        g.onChat(FakeOpenAi.json(500, new String(ErrorClassifierTest.fixture("openai-server-error.json"))));
        assertEquals(502, assertThrows(AnthropicServiceException.class, () -> client.messages().create(p)).statusCode());

        g.onChat(FakeOpenAi.json(503, new String(ErrorClassifierTest.fixture("gemini-unavailable.json"))));
        assertEquals(529, assertThrows(AnthropicServiceException.class, () -> client.messages().create(p)).statusCode());

        g.onChat(FakeOpenAi.json(429, new String(ErrorClassifierTest.fixture("openai-rate-limit.json")), "retry-after", "5"));
        RateLimitException limited = assertThrows(RateLimitException.class, () -> client.messages().create(p));
        long ra = Long.parseLong(limited.headers().values("retry-after").get(0));
        assertTrue(ra >= 4 && ra <= 5, "Retry-After is the soonest recovery: " + ra);
    }

    @Test
    void anUpstreamCredentialFailureIsNeverA401() throws Exception {
        start("", "k1");
        g.onChat(FakeOpenAi.json(401, new String(ErrorClassifierTest.fixture("openai-invalid-api-key.json"))));
        AnthropicServiceException e = assertThrows(AnthropicServiceException.class, () -> client.messages().create(
                MessageCreateParams.builder().model("claude-opus-5-5").maxTokens(10).addUserMessage("hi").build()));
        assertTrue(e.statusCode() != 401, "a 401 would make Claude Code ask the user to log in: " + e.statusCode());
        assertFalse(e.getMessage().contains("sk-proj"), e.getMessage());
    }

    @Test
    void midStreamErrorChunkEndsTheStreamWithAnErrorEvent() throws Exception {
        start("", "k1");
        g.onChat(FakeOpenAi.stream(ChatSse.of("m").content("partial answer")
                .data("{\"error\":{\"message\":\"upstream overloaded\",\"type\":\"server_error\",\"code\":\"overloaded\"}}")));
        var r = g.send(g.post("/v1/messages", "{\"model\":\"claude-opus-5-5\",\"max_tokens\":10,\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
        assertEquals(200, r.statusCode());
        List<String[]> frames = CompatGateway.frames(r.body());
        String[] last = frames.get(frames.size() - 1);
        assertEquals("error", last[0], r.body());
        assertTrue(r.body().contains("partial answer"));
        assertFalse(r.body().contains("message_stop"), "a failure never looks like a normal finish");
    }
}
