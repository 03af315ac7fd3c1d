package dev.switchboard.plugin.openaicompat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.RateLimitException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolChoiceOption;
import dev.switchboard.kernel.store.UsageGroupBy;
import dev.switchboard.kernel.store.UsageReport;
import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * openai-java round trips through {@code /v1/chat/completions} and this plugin: text, tools, images, streaming
 * and errors, both relayed (pass-through, issue item 6) and converted (when the profile requires rewriting).
 */
class OpenAiSdkGatewayTest {
    @TempDir
    Path home;
    private CompatGateway g;
    private OpenAIClient client;

    private void start(String extra) throws Exception {
        g = new CompatGateway(home, CompatGateway.yaml(extra, CompatGateway.ROUTES, "k1"));
        client = OpenAIOkHttpClient.builder().baseUrl(g.base() + "/v1").apiKey("unused-locally").maxRetries(0).build();
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

    private static final ChatCompletionFunctionTool LOOKUP = ChatCompletionFunctionTool.builder()
            .function(FunctionDefinition.builder().name("lookup").description("Looks a word up")
                    .parameters(FunctionParameters.builder().putAdditionalProperty("type", JsonValue.from("object"))
                            .putAdditionalProperty("properties", JsonValue.from(Map.of("word", Map.of("type", "string"))))
                            .putAdditionalProperty("required", JsonValue.from(List.of("word")))
                            .putAdditionalProperty("additionalProperties", JsonValue.from(false)).build())
                    .build())
            .build();

    /** Waits for the usage row (it is written once the answer is complete, possibly just after the client read it). */
    private UsageReport usageByAccount() throws InterruptedException {
        UsageReport r = null;
        for (int i = 0; i < 50; i++) {
            r = g.gateway.store().usage().query(UsageGroupBy.ACCOUNT, Instant.now().minusSeconds(600),
                    Instant.now().plusSeconds(60));
            if (r.total().requests() > 0) {
                return r;
            }
            Thread.sleep(40);
        }
        return r;
    }

    @Test
    void textIsRelayedUntouchedWithOnlyTheModelReplaced() throws Exception {
        start("");
        String upstream = ChatSse.completion("backend-model", "Relayed verbatim.", 17, 3);
        g.onChat(FakeOpenAi.json(200, upstream));
        ChatCompletion c = client.chat().completions().create(ChatCompletionCreateParams.builder().model("gpt-4o")
                .addSystemMessage("be brief").addUserMessage("hi").maxTokens(64).temperature(0.1).build());
        c.validate();
        assertEquals("Relayed verbatim.", c.choices().get(0).message().content().orElseThrow());
        assertEquals("chatcmpl-unary01", c.id(), "the backend's own id: its bytes are untouched");
        JsonObject sent = g.lastChat();
        assertEquals("backend-model", sent.getString("model"));
        assertEquals(64, sent.getInt("max_tokens"));
        assertEquals("be brief", sent.getJsonArray("messages").getJsonObject(0).getString("content"));
        assertEquals("Bearer sk-k1", g.chatRequests().get(0).header("authorization"));
        UsageReport usage = usageByAccount();
        assertEquals(List.of("compat/k1"), usage.groups().stream().map(UsageReport.Group::key).toList());
        assertEquals(17, usage.total().inputTokens(), "the relayed answer is tapped for usage");
        assertEquals(3, usage.total().outputTokens());
    }

    @Test
    void streamingToolCallsAreRelayedAndTheAccumulatorReadsThem() throws Exception {
        start("");
        g.onChat(FakeOpenAi.stream(ChatSse.of("backend-model").toolStart(0, "call_1", "lookup", "{\"word\":")
                .toolStart(1, "call_2", "lookup", "{\"word\":\"b").toolArgs(0, "\"a\"}").toolArgs(1, "\"}")
                .finish("tool_calls").usage(33, 14, 0).done()));
        ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("look up a and b").addTool(LOOKUP)
                        .toolChoice(ChatCompletionToolChoiceOption.Auto.REQUIRED).maxTokens(200)
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            s.stream().forEach(acc::accumulate);
        }
        ChatCompletion c = acc.chatCompletion();
        ChatCompletion.Choice choice = c.choices().get(0);
        assertEquals(ChatCompletion.Choice.FinishReason.TOOL_CALLS, choice.finishReason());
        var calls = choice.message().toolCalls().orElseThrow();
        assertEquals("{\"word\":\"a\"}", calls.get(0).asFunction().function().arguments());
        assertEquals("{\"word\":\"b\"}", calls.get(1).asFunction().function().arguments());
        assertEquals(47, c.usage().orElseThrow().totalTokens());
        assertEquals("chatcmpl-fake01", c.id(), "relayed: the backend's chunks reached the client as they were");
        JsonObject sent = g.lastChat();
        assertEquals("required", sent.getString("tool_choice"));
        assertTrue(sent.getJsonObject("stream_options").getBoolean("include_usage"));
        assertEquals(33, usageByAccount().total().inputTokens(), "the relayed stream is tapped for usage");
    }

    @Test
    void aGeminiBackendGetsTheConvertedRequestAndTheClientAValidStream() throws Exception {
        start("    profile: gemini\n");
        g.onChat(FakeOpenAi.stream(ChatSse.of("gemini-2.5-pro").content("Looking ").content("it up.")
                .toolStart(0, "call_g", "lookup", "{\"word\":\"x\"}").finish("stop").usage(21, 8, 0).done()));
        ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("look up x").addTool(LOOKUP)
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            s.stream().forEach(acc::accumulate);
        }
        ChatCompletion c = acc.chatCompletion();
        assertEquals("gpt-4o", c.model(), "converted answers echo the client's model");
        assertFalse(c.id().equals("chatcmpl-fake01"), "converted: the gateway wrote its own chunks");
        assertEquals("Looking it up.", c.choices().get(0).message().content().orElseThrow());
        assertEquals(ChatCompletion.Choice.FinishReason.TOOL_CALLS, c.choices().get(0).finishReason(),
                "Gemini's stop with a tool call is a tool turn");
        assertEquals("{\"word\":\"x\"}", c.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction()
                .function().arguments());
        JsonObject params = g.lastChat().getJsonArray("tools").getJsonObject(0).getJsonObject("function")
                .getJsonObject("parameters");
        assertFalse(params.containsKey("additionalProperties"), "converted because the schema needed cleaning");
        assertEquals(29, c.usage().orElseThrow().totalTokens());
    }

    @Test
    void imagesReachAVisionBackendAndBecomeTextForATextOnlyOne() throws Exception {
        start("");
        ChatCompletionCreateParams withImage = ChatCompletionCreateParams.builder().model("gpt-4o").maxTokens(50)
                .addUserMessageOfArrayOfContentParts(List.of(
                        ChatCompletionContentPart.ofText(ChatCompletionContentPartText.builder().text("what is it?").build()),
                        ChatCompletionContentPart.ofImageUrl(ChatCompletionContentPartImage.builder()
                                .imageUrl(ChatCompletionContentPartImage.ImageUrl.builder()
                                        .url("data:image/png;base64,iVBORw0KGgo=").build()).build())))
                .build();
        g.onChat(FakeOpenAi.json(200, ChatSse.completion("backend-model", "A pixel.", 90, 3)));
        assertEquals("A pixel.", client.chat().completions().create(withImage).choices().get(0).message().content()
                .orElseThrow());
        assertEquals("data:image/png;base64,iVBORw0KGgo=", g.lastChat().getJsonArray("messages").getJsonObject(0)
                .getJsonArray("content").getJsonObject(1).getJsonObject("image_url").getString("url"));
        stop();

        home = java.nio.file.Files.createDirectories(home.resolve("deepseek"));
        start("    profile: deepseek\n");
        g.onChat(FakeOpenAi.stream(ChatSse.text("deepseek-chat", 20, 4, "I cannot see images.")));
        ChatCompletion c = client.chat().completions().create(withImage);
        assertEquals("I cannot see images.", c.choices().get(0).message().content().orElseThrow());
        String sent = g.lastChat().getJsonArray("messages").toString();
        assertFalse(sent.contains("image_url"), sent);
        assertTrue(sent.contains("what is it?"));
    }

    @Test
    void errorsReachTheSdkAsOpenAiErrors() throws Exception {
        start("");
        ChatCompletionCreateParams p = ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("hi").build();
        g.onChat(FakeOpenAi.json(400, new String(ErrorClassifierTest.fixture("openai-context-length.json"))));
        BadRequestException tooLong = assertThrows(BadRequestException.class, () -> client.chat().completions().create(p));
        assertEquals("context_length_exceeded", tooLong.code().orElseThrow());

        g.onChat(FakeOpenAi.json(500, new String(ErrorClassifierTest.fixture("openai-server-error.json"))));
        assertEquals(502, assertThrows(InternalServerException.class, () -> client.chat().completions().create(p))
                .statusCode());

        g.onChat(FakeOpenAi.json(503, new String(ErrorClassifierTest.fixture("gemini-unavailable.json"))));
        assertEquals(503, assertThrows(InternalServerException.class, () -> client.chat().completions().create(p))
                .statusCode(), "overloaded is 503 to OpenAI clients");

        g.onChat(FakeOpenAi.json(429, new String(ErrorClassifierTest.fixture("openai-rate-limit.json")), "retry-after", "6"));
        RateLimitException limited = assertThrows(RateLimitException.class, () -> client.chat().completions().create(p));
        assertEquals("rate_limit_exceeded", limited.code().orElseThrow());
    }

    @Test
    void aBrokenRelayedStreamEndsWithAnOpenAiErrorChunk() throws Exception {
        start("");
        g.onChat(FakeOpenAi.streamThenCut(ChatSse.of("backend-model").content("partial")));
        var r = g.send(g.post("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("partial"));
        assertTrue(r.body().contains("\"error\""), "the failure is visible in-band: " + r.body());
        assertTrue(Jsons.tryParseObject(r.body().lines().filter(l -> l.contains("\"error\"")).findFirst().orElseThrow()
                .substring(6)).isPresent());
    }
}
