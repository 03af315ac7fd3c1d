package dev.switchboard.plugin.kiro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.switchboard.kernel.Gateway;
import dev.switchboard.plugin.kiro.fake.ChatScript;
import dev.switchboard.plugin.kiro.fake.FakeKiro;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.testkit.Fixtures;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kiro plugin inside the real gateway: Claude Code captures to conversationState, and the reference
 * proxy's client-visible bugs as regression tests with the official SDKs (issue 7).
 */
class KiroGatewayTest {
    @TempDir
    Path home;
    private FakeKiro fake;
    private KiroGateway kiro;
    private Gateway gateway;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeKiro();
        kiro = new KiroGateway(home, fake, "", "main");
        gateway = kiro.gateway;
    }

    @AfterEach
    void stop() {
        kiro.close();
        fake.close();
    }

    private HttpResponse<String> post(String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonObject lastConversation() {
        List<dev.switchboard.testkit.FakeUpstream.Recorded> chats = fake.server().requests("/generateAssistantResponse");
        return Jsons.parseObject(chats.get(chats.size() - 1).body()).getJsonObject("conversationState");
    }

    @Test
    void claudeCodeToolResultTurnBecomesNativeConversationState() throws Exception {
        fake.script(ChatScript.texts("Listed."));
        Fixtures.Capture cap = Fixtures.claudeCode("tool-result-turn2");
        HttpResponse<String> r = post(cap.url(), cap.body().toString(), Map.of("anthropic-version", "2023-06-01",
                "x-claude-code-session-id", cap.headers().get("x-claude-code-session-id")));
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("event: message_stop"), r.body());
        JsonObject cs = lastConversation();
        JsonObject current = cs.getJsonObject("currentMessage").getJsonObject("userInputMessage");
        JsonObject ctx = current.getJsonObject("userInputMessageContext");
        assertTrue(ctx.getJsonArray("tools").size() >= 11, "Claude Code's tools are declared on currentMessage");
        JsonArray results = ctx.getJsonArray("toolResults");
        assertEquals(1, results.size(), "the tool result travels natively");
        JsonArray history = cs.getJsonArray("history");
        String all = history.toString();
        assertFalse(all.contains("[object Object]"));
        assertFalse(all.contains("[Called "), "tool calls are never flattened to text");
        assertTrue(all.contains("\"toolUses\""), "the assistant's tool call is a native toolUses entry");
        for (int i = 0; i < history.size(); i++) {
            String expected = i % 2 == 0 ? "userInputMessage" : "assistantResponseMessage";
            assertTrue(history.getJsonObject(i).containsKey(expected), "history alternates at " + i + ": " + history);
        }
        String system = history.getJsonObject(0).getJsonObject("userInputMessage").getString("content");
        assertTrue(system.contains("You are a Claude agent"), "the system blocks open the history once, as text");
        assertEquals(1, cs.toString().split("You are a Claude agent").length - 1, "system text is sent exactly once");
        assertEquals("411f13cb-1121-4291-a1da-c27607f11d1f".length(), cs.getString("conversationId").length());
    }

    @Test
    void anthropicSdkStreamsAToolUseFromKiro() {
        fake.script(ChatScript.texts("I will read it.").tool("tooluse_abc", "Read", "{\"file_pa", "th\":\"/a.txt\"}"));
        AnthropicClient client = AnthropicOkHttpClient.builder().baseUrl(gateway.baseUrl()).apiKey("x").maxRetries(0)
                .build();
        MessageAccumulator acc = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> s = client.messages().createStreaming(MessageCreateParams.builder()
                .model("claude-sonnet-4-5").maxTokens(1000).addUserMessage("read /a.txt").build())) {
            s.stream().forEach(acc::accumulate);
        }
        Message m = acc.message();
        assertEquals(StopReason.TOOL_USE, m.stopReason().orElseThrow());
        assertEquals("I will read it.", m.content().get(0).asText().text());
        assertEquals("tooluse_abc", m.content().get(1).asToolUse().id(), "upstream tool ids reach the client verbatim");
        assertEquals(Map.of("file_path", "/a.txt"), m.content().get(1).asToolUse()._input().convert(Map.class));
        assertTrue(m.usage().inputTokens() > 0 && m.usage().outputTokens() > 0, "usage is never all zero");
    }

    @Test
    void openAiChatStreamingAndNonStreamReturnContent() {
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(gateway.baseUrl() + "/v1").apiKey("x").maxRetries(0)
                .build();
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("claude-sonnet-4-5")
                .addUserMessage("hello").build();
        fake.script(ChatScript.texts("Hello ", "there"));
        ChatCompletion unary = client.chat().completions().create(params);
        assertEquals("Hello there", unary.choices().get(0).message().content().orElseThrow(),
                "the reference proxy answered non-stream requests with empty content");
        fake.script(ChatScript.texts("Streamed ", "reply").tool("tooluse_x", "Bash", "{\"command\":\"ls\"}"));
        ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
        try (com.openai.core.http.StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(params)) {
            s.stream().forEach(acc::accumulate);
        }
        ChatCompletion c = acc.chatCompletion();
        assertEquals("Streamed reply", c.choices().get(0).message().content().orElseThrow());
        assertEquals("{\"command\":\"ls\"}", c.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction()
                .function().arguments());
        assertEquals(ChatCompletion.Choice.FinishReason.TOOL_CALLS, c.choices().get(0).finishReason());
    }

    @Test
    void countTokensAndModelsWork() throws Exception {
        HttpResponse<String> r = post("/v1/messages/count_tokens", Fixtures.claudeCodeBody("count-tokens").toString(),
                Map.of("anthropic-version", "2023-06-01"));
        assertEquals(200, r.statusCode());
        assertEquals("estimated", r.headers().firstValue("x-gateway-token-count").orElse(null));
        HttpResponse<String> models = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(gateway.baseUrl() + "/v1/models")).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(models.body().contains("claude-sonnet-4-5"), models.body());
    }
}
