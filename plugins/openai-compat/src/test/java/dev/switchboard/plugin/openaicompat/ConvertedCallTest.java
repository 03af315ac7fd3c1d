package dev.switchboard.plugin.openaicompat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.Dialect;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.spi.model.ChatResponse;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.Message;
import dev.switchboard.spi.model.Role;
import dev.switchboard.spi.model.StopReason;
import dev.switchboard.spi.model.ThinkingConfig;
import dev.switchboard.spi.model.Tool;
import dev.switchboard.spi.model.ToolChoice;
import dev.switchboard.spi.model.Usage;
import dev.switchboard.spi.stream.StreamAccumulator;
import dev.switchboard.spi.stream.StreamEvent;
import dev.switchboard.testkit.FakeUpstream;
import dev.switchboard.testkit.ProviderHarness;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Converted calls through the provider and the real transport to a fake OpenAI-compatible backend, the way the
 * kernel runs one attempt: the request the backend receives, and the canonical events decoded from every stream
 * shape and fault the issue lists.
 */
class ConvertedCallTest {
    private final FakeOpenAi fake = new FakeOpenAi();

    @AfterEach
    void close() {
        fake.close();
    }

    private static final JsonObject READ_SCHEMA = Json.createObjectBuilder().add("type", "object")
            .add("properties", Json.createObjectBuilder().add("file_path", Json.createObjectBuilder().add("type", "string")))
            .add("required", Json.createArrayBuilder().add("file_path")).build();

    private static ChatRequest.Builder request() {
        return ChatRequest.builder("claude-sonnet-4-5").maxTokens(1000)
                .addSystem(new ContentBlock.Text("You are terse."))
                .addMessage(Message.user("hi"));
    }

    private static List<StreamEvent> stream(TestCompat c, ChatRequest r) throws GatewayException {
        return c.harness.stream(r, "backend-model", TestCompat.key1(), ProviderHarness.client(Dialect.ANTHROPIC));
    }

    private static ChatResponse fold(List<StreamEvent> events) throws GatewayException {
        StreamAccumulator acc = new StreamAccumulator();
        acc.acceptAll(events);
        return acc.toResponse();
    }

    @Test
    void textStreamAndTheRequestTheBackendReceives() throws Exception {
        fake.onChat(FakeOpenAi.stream(ChatSse.text("backend-model", 20, 4, "Hel", "lo")));
        TestCompat c = TestCompat.create(TestCompat.config(fake.baseUrl())
                .add("extra-headers", Json.createObjectBuilder().add("OpenAI-Organization", "org-test")));
        List<StreamEvent> events = stream(c, request().addTool(new Tool("Read", "reads", READ_SCHEMA))
                .toolChoice(new ToolChoice(ToolChoice.Type.ANY, null, true)).build());

        FakeUpstream.Recorded rec = fake.chatRequests().get(0);
        assertEquals("Bearer sk-test-1", rec.header("authorization"));
        assertEquals("org-test", rec.header("openai-organization"));
        assertEquals("application/json", rec.header("content-type"));
        assertEquals("text/event-stream", rec.header("accept"));
        JsonObject body = fake.lastChat();
        assertEquals("backend-model", body.getString("model"));
        assertTrue(body.getBoolean("stream"));
        assertTrue(body.getJsonObject("stream_options").getBoolean("include_usage"));
        assertEquals(1000, body.getInt("max_tokens"));
        JsonArray messages = body.getJsonArray("messages");
        assertEquals(Json.createObjectBuilder().add("role", "system").add("content", "You are terse.").build(),
                messages.getJsonObject(0));
        assertEquals("required", body.getString("tool_choice"), "tool_choice any becomes required, never auto");
        assertFalse(body.getBoolean("parallel_tool_calls"));
        assertEquals("Read", body.getJsonArray("tools").getJsonObject(0).getJsonObject("function").getString("name"));

        assertInstanceOf(StreamEvent.MessageStart.class, events.get(0));
        assertEquals("claude-sonnet-4-5", ((StreamEvent.MessageStart) events.get(0)).model(),
                "the client's model is reported, not the backend's");
        assertInstanceOf(StreamEvent.MessageStop.class, events.get(events.size() - 1));
        ChatResponse r = fold(events);
        assertEquals(List.of(new ContentBlock.Text("Hello")), r.content());
        assertEquals(StopReason.END_TURN, r.stopReason());
        assertEquals(20, r.usage().inputTokens());
        assertEquals(4, r.usage().outputTokens());
    }

    @Test
    void parallelToolCallsWithInterleavedArgumentFragments() throws Exception {
        ChatSse sse = ChatSse.of("m").content("Let me check")
                .toolStart(0, "call_a", "Read", "{\"file_path\":")
                .toolStart(1, "call_b", "Read", "")
                .toolArgs(0, "\"a.ts\"}")
                .toolArgs(1, "{\"file_path\":\"b.ts\"}")
                .finish("tool_calls").usage(50, 30, 0).done();
        fake.onChat(FakeOpenAi.stream(sse));
        TestCompat c = TestCompat.create(TestCompat.config(fake.baseUrl()));
        ChatResponse r = fold(stream(c, request().addTool(new Tool("Read", "reads", READ_SCHEMA)).build()));
        assertEquals(StopReason.TOOL_USE, r.stopReason());
        assertEquals(3, r.content().size());
        assertEquals(new ContentBlock.Text("Let me check"), r.content().get(0));
        ContentBlock.ToolUse a = (ContentBlock.ToolUse) r.content().get(1);
        ContentBlock.ToolUse b = (ContentBlock.ToolUse) r.content().get(2);
        assertEquals("call_a", a.id());
        assertEquals(Json.createObjectBuilder().add("file_path", "a.ts").build(), a.input());
        assertEquals("call_b", b.id());
        assertEquals(Json.createObjectBuilder().add("file_path", "b.ts").build(), b.input());
    }

    @Test
    void toolCallsWithFinishStopStillEndAsToolUse() throws Exception {
        // Ollama, Qwen and Gemini send finish_reason "stop" with tool calls; a produced tool call
        // makes the stop reason tool_use, or the client would not run it.
        fake.onChat(FakeOpenAi.stream(ChatSse.of("m").toolStart(0, "functions.Read:0", "Read", "{\"file_path\":\"x\"}")
                .finish("stop").usage(5, 5, 0).done()));
        TestCompat c = TestCompat.create(TestCompat.config(fake.baseUrl()));
        ChatResponse r = fold(stream(c, request().addTool(new Tool("Read", "reads", READ_SCHEMA)).build()));
        assertEquals(StopReason.TOOL_USE, r.stopReason());
        assertEquals("functions_Read_0", ((ContentBlock.ToolUse) r.content().get(0)).id(), "ids are sanitised");
    }

    @Test
    void reasoningContentBecomesAThinkingBlockBeforeTheText() throws Exception {
        fake.onChat(FakeOpenAi.stream(ChatSse.of("m").reasoning("Let me ").reasoning("think.").content("Answer")
                .finish("stop").usage(9, 7, 0).done()));
        TestCompat c = TestCompat.create(TestCompat.config(fake.baseUrl()).add("profile", "deepseek"));
        ChatResponse r = fold(stream(c, request().build()));
        assertEquals(List.of(new ContentBlock.Thinking("Let me think.", ""), new ContentBlock.Text("Answer")), r.content());
    }

    @Test
    void usageChunkWithCachedTokensFollowsAnthropicArithmetic() throws Exception {
        fake.onChat(FakeOpenAi.stream(ChatSse.of("m").content("ok").finish("stop").usage(1000, 50, 800).done()));
        TestCompat c = TestCompat.create(TestCompat.config(fake.baseUrl()));
        Usage u = fold(stream(c, request().build())).usage();
        assertEquals(200, u.inputTokens());
        assertEquals(800, u.cacheReadInputTokens());
        assertEquals(50, u.outputTokens());
    }

    @Test
    void missingDoneAfterAFinishEndsNormallyButAStreamWithNeitherFails() throws Exception {
        fake.onChat(FakeOpenAi.stream(ChatSse.of("m").content("complete").finish("stop").usage(3, 1, 0)));
        TestCompat c = TestCompat.create(TestCompat.config(fake.baseUrl()));
        List<StreamEvent> ok = stream(c, request().build());
        assertInstanceOf(StreamEvent.MessageStop.class, ok.get(ok.size() - 1));

        fake.onChat(FakeOpenAi.stream(ChatSse.of("m").content("cut sh")));
        List<StreamEvent> cut = stream(c, request().build());
        StreamEvent.StreamError err = assertInstanceOf(StreamEvent.StreamError.class, cut.get(cut.size() - 1));
        assertTrue(err.message().contains("prematurely"), err.message());
        assertTrue(cut.stream().noneMatch(e -> e instanceof StreamEvent.MessageStop), "never looks like a normal finish");
    }

    @Test
    void connectionCutMidStreamEndsWithAnErrorEvent() throws Exception {
        fake.onChat(FakeOpenAi.streamThenCut(ChatSse.of("m").content("partial ").content("answer")));
        TestCompat c = TestCompat.create(TestCompat.config(fake.baseUrl()));
        List<StreamEvent> events = stream(c, request().build());
        assertInstanceOf(StreamEvent.StreamError.class, events.get(events.size() - 1), events.toString());
        assertTrue(events.stream().noneMatch(e -> e instanceof StreamEvent.MessageStop));
    }

    @Test
    void slowFirstByteIsWaitedFor() throws Exception {
        fake.onChat(FakeOpenAi.stream(ChatSse.text("m", 3, 1, "late"), Duration.ofMillis(700)));
        TestCompat c = TestCompat.create(TestCompat.config(fake.baseUrl()));
        long t0 = System.nanoTime();
        ChatResponse r = fold(stream(c, request().build()));
        assertTrue(System.nanoTime() - t0 >= Duration.ofMillis(650).toNanos());
        assertEquals(List.of(new ContentBlock.Text("late")), r.content());
    }

    @Test
    void rateLimitWithRetryAfterAndServerErrorsAreClassified() throws Exception {
        fake.onChat(FakeOpenAi.json(429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\","
                + "\"param\":null,\"code\":\"rate_limit_exceeded\"}}", "retry-after", "7"));
        TestCompat c = TestCompat.create(TestCompat.config(fake.baseUrl()));
        GatewayException e = assertThrows(GatewayException.class, () -> stream(c, request().build()));
        assertEquals(ErrorKind.UPSTREAM_RATE_LIMITED, e.kind());
        assertEquals(Duration.ofSeconds(7), e.retryAfter());
        assertEquals(429, e.upstreamStatus());

        fake.onChat(FakeOpenAi.json(500, "{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}"));
        GatewayException s = assertThrows(GatewayException.class, () -> stream(c, request().build()));
        assertEquals(ErrorKind.UPSTREAM_SERVER, s.kind());
        assertEquals("The server had an error", s.getMessage());
    }

    @Test
    void unaryClientsStillStreamUpstreamAndGetTheFoldedAnswer() throws Exception {
        fake.onChat(FakeOpenAi.stream(ChatSse.text("m", 11, 2, "folded")));
        TestCompat c = TestCompat.create(TestCompat.config(fake.baseUrl()));
        ChatResponse r = c.harness.unary(request().build(), "backend-model", TestCompat.key1(),
                ProviderHarness.client(Dialect.ANTHROPIC));
        assertTrue(fake.lastChat().getBoolean("stream"), "converted calls always stream upstream");
        assertEquals(List.of(new ContentBlock.Text("folded")), r.content());
        assertEquals(11, r.usage().inputTokens());
    }

    @Test
    void aBackendThatCannotStreamIsAskedForOneCompletion() throws Exception {
        fake.onChat(FakeOpenAi.json(200, ChatSse.completion("m", "whole", 8, 1)));
        TestCompat c = TestCompat.create(TestCompat.config(fake.baseUrl()).add("streaming", false));
        ChatResponse r = fold(stream(c, request().build()));
        JsonObject body = fake.lastChat();
        assertFalse(body.containsKey("stream"));
        assertFalse(body.containsKey("stream_options"));
        assertEquals("application/json", fake.chatRequests().get(0).header("accept"));
        assertEquals(List.of(new ContentBlock.Text("whole")), r.content());
        assertEquals(8, r.usage().inputTokens());
    }

    @Test
    void openAiProfileSendsMaxCompletionTokensAndBucketedReasoningEffort() throws Exception {
        fake.onChat(FakeOpenAi.stream(ChatSse.text("m", 1, 1, "x")));
        TestCompat c = TestCompat.create(TestCompat.config(fake.baseUrl()).add("profile", "openai"));
        stream(c, request().maxTokens(8000).thinking(ThinkingConfig.enabled(1500)).topK(5).build());
        JsonObject body = fake.lastChat();
        assertEquals(8000, body.getInt("max_completion_tokens"));
        assertFalse(body.containsKey("max_tokens"));
        assertEquals("low", body.getString("reasoning_effort"), "a budget under 2048 is low");
        assertFalse(body.containsKey("top_k"), "top_k only where the profile allows it");
    }

    @Test
    void maxTokensAreClampedToTheBackendModelsCap() throws Exception {
        fake.onChat(FakeOpenAi.stream(ChatSse.text("m", 1, 1, "x")));
        TestCompat c = TestCompat.create(TestCompat.config(fake.baseUrl()).add("max-output-tokens",
                Json.createObjectBuilder().add("deepseek-chat", 8192).add("deepseek-r*", "65536")));
        c.harness.stream(request().maxTokens(128000).build(), "deepseek-chat", TestCompat.key1(),
                ProviderHarness.client(Dialect.ANTHROPIC));
        assertEquals(8192, fake.lastChat().getInt("max_tokens"), "Claude Code's 128000 would be rejected");
        c.harness.stream(request().maxTokens(128000).build(), "deepseek-reasoner", TestCompat.key1(),
                ProviderHarness.client(Dialect.ANTHROPIC));
        assertEquals(65536, fake.lastChat().getInt("max_tokens"));
        c.harness.stream(request().maxTokens(500).build(), "deepseek-chat", TestCompat.key1(),
                ProviderHarness.client(Dialect.ANTHROPIC));
        assertEquals(500, fake.lastChat().getInt("max_tokens"), "smaller requests are left alone");
        c.harness.stream(request().maxTokens(128000).build(), "other-model", TestCompat.key1(),
                ProviderHarness.client(Dialect.ANTHROPIC));
        assertEquals(128000, fake.lastChat().getInt("max_tokens"), "models without a cap are not clamped");

        TestCompat all = TestCompat.create(TestCompat.config(fake.baseUrl()).add("max-output-tokens", 4096));
        stream(all, request().maxTokens(64000).build());
        assertEquals(4096, fake.lastChat().getInt("max_tokens"));
    }

    @Test
    void toolResultsBecomeToolMessagesAndTheirImagesAFollowingUserMessage() throws Exception {
        fake.onChat(FakeOpenAi.stream(ChatSse.text("m", 1, 1, "x")));
        TestCompat c = TestCompat.create(TestCompat.config(fake.baseUrl()));
        ContentBlock.Image shot = new ContentBlock.Image(
                dev.switchboard.spi.model.MediaSource.base64("image/png", "iVBORw0KGgo="), null);
        ChatRequest r = request().addTool(new Tool("Read", "reads", READ_SCHEMA)).messages(List.of(
                Message.user("look at both"),
                new Message(Role.ASSISTANT, List.of(
                        new ContentBlock.ToolUse("toolu_1", "Read", Json.createObjectBuilder().add("file_path", "a").build()),
                        new ContentBlock.ToolUse("toolu_2", "Read", Json.createObjectBuilder().add("file_path", "b").build()))),
                new Message(Role.USER, List.of(
                        new ContentBlock.ToolResult("toolu_1", List.of(new ContentBlock.Text("text of a")), false, null),
                        new ContentBlock.ToolResult("toolu_2", List.of(new ContentBlock.Text("b is an image"), shot), true, null),
                        new ContentBlock.Text("what now?"))))).build();
        stream(c, r);
        List<JsonObject> m = fake.lastChat().getJsonArray("messages").stream().map(v -> v.asJsonObject()).toList();
        assertEquals(List.of("system", "user", "assistant", "tool", "tool", "user"),
                m.stream().map(x -> x.getString("role")).toList(), "R4/R5: results first, in one batch");
        assertTrue(m.get(2).isNull("content"), "R3: a tool-only assistant turn has content null");
        assertEquals("toolu_1", m.get(3).getString("tool_call_id"));
        assertEquals("[tool error] b is an image", m.get(4).getString("content"));
        String after = m.get(5).toString();
        assertTrue(after.contains("image_url") && after.contains("what now?"), "the image moves out of the tool message: "
                + after);
    }

    @Test
    void dropFieldsKeepsFieldsABackendRejectsOut() throws Exception {
        fake.onChat(FakeOpenAi.stream(ChatSse.text("m", 1, 1, "x")));
        TestCompat c = TestCompat.create(TestCompat.config(fake.baseUrl()).add("drop-fields",
                Json.createArrayBuilder().add("user").add("stream_options")));
        stream(c, request().userId("{\"session_id\":\"s1\"}").build());
        JsonObject body = fake.lastChat();
        assertFalse(body.containsKey("user"));
        assertFalse(body.containsKey("stream_options"));
        assertTrue(body.getBoolean("stream"));
    }

    @Test
    void deepSeekProfileReplaysReasoningAndReplacesImages() throws Exception {
        fake.onChat(FakeOpenAi.stream(ChatSse.text("m", 1, 1, "x")));
        TestCompat c = TestCompat.create(TestCompat.config(fake.baseUrl()).add("profile", "deepseek"));
        ChatRequest r = request().messages(List.of(
                Message.user("look"),
                new Message(Role.ASSISTANT, List.of(new ContentBlock.Thinking("I looked.", ""), new ContentBlock.Text("Seen."))),
                new Message(Role.USER, List.of(new ContentBlock.Image(
                        dev.switchboard.spi.model.MediaSource.base64("image/png", "iVBORw0KGgo="), null),
                        new ContentBlock.Text("and this?"))))).build();
        stream(c, r);
        JsonArray messages = fake.lastChat().getJsonArray("messages");
        JsonObject assistant = messages.getJsonObject(2);
        assertEquals("assistant", assistant.getString("role"));
        assertEquals("I looked.", assistant.getString("reasoning_content"), "DeepSeek needs its reasoning back");
        String last = messages.getJsonObject(3).toString();
        assertFalse(last.contains("image_url"), "no images to a text-only backend: " + last);
        assertTrue(last.contains("and this?"));
    }

    @Test
    void geminiProfileCleansToolSchemasBeforeTheyLeave() throws Exception {
        fake.onChat(FakeOpenAi.stream(ChatSse.text("m", 1, 1, "x")));
        TestCompat c = TestCompat.create(TestCompat.config(fake.baseUrl()).add("profile", "gemini"));
        JsonObject schema = Json.createObjectBuilder(READ_SCHEMA)
                .add("$schema", "https://json-schema.org/draft/2020-12/schema").add("additionalProperties", false)
                .build();
        stream(c, request().addTool(new Tool("Read", "reads", schema)).build());
        JsonObject sent = fake.lastChat().getJsonArray("tools").getJsonObject(0).getJsonObject("function")
                .getJsonObject("parameters");
        assertEquals(READ_SCHEMA, sent);
        assertFalse(fake.lastChat().containsKey("parallel_tool_calls"));
    }

    @Test
    void azureStyleKeyHeaderAndKeylessLocalAccounts() throws Exception {
        fake.onChat(FakeOpenAi.stream(ChatSse.text("m", 1, 1, "x")));
        TestCompat azure = TestCompat.create(TestCompat.config(fake.baseUrl()).add("auth-header", "api-key"));
        stream(azure, request().build());
        assertEquals("sk-test-1", fake.chatRequests().get(0).header("api-key"));
        assertNull(fake.chatRequests().get(0).header("authorization"));

        TestCompat local = TestCompat.create(TestCompat.config(fake.baseUrl()));
        local.harness.stream(request().build(), "m", TestCompat.account("local", null),
                ProviderHarness.client(Dialect.ANTHROPIC));
        assertNull(fake.chatRequests().get(1).header("authorization"));
    }

    @Test
    void longToolNamesAreAliasedUpstreamAndRestoredInTheAnswer() throws Exception {
        String longName = "mcp__a_very_long_server_name__with_an_even_longer_tool_name_that_goes_on_and_on";
        String alias = dev.switchboard.wire.openai.ToolNameMap.aliasFor(longName);
        fake.onChat(FakeOpenAi.stream(ChatSse.of("m").toolStart(0, "call_1", alias, "{}").finish("tool_calls")
                .usage(1, 1, 0).done()));
        TestCompat c = TestCompat.create(TestCompat.config(fake.baseUrl()));
        ChatResponse r = fold(stream(c, request().addTool(new Tool(longName, null, READ_SCHEMA)).build()));
        assertEquals(alias, fake.lastChat().getJsonArray("tools").getJsonObject(0).getJsonObject("function")
                .getString("name"));
        assertTrue(alias.length() <= 64);
        assertEquals(longName, ((ContentBlock.ToolUse) r.content().get(0)).name());
    }

    @Test
    void anErrorChunkMidStreamBecomesAStreamError() throws Exception {
        fake.onChat(FakeOpenAi.stream(ChatSse.of("m").content("part")
                .data("{\"error\":{\"message\":\"The model is overloaded\",\"type\":\"server_error\",\"code\":\"overloaded\"}}")));
        TestCompat c = TestCompat.create(TestCompat.config(fake.baseUrl()));
        List<StreamEvent> events = stream(c, request().build());
        StreamEvent.StreamError err = assertInstanceOf(StreamEvent.StreamError.class, events.get(events.size() - 1));
        assertEquals(ErrorKind.UPSTREAM_OVERLOADED, err.kind());
        assertEquals("The model is overloaded", err.message());
    }
}
