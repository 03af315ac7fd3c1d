package dev.switchboard.wire.openai;

import dev.switchboard.kernel.dialect.openai.OpenAiChatRequestReader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.model.CacheControl;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.MediaSource;
import dev.switchboard.spi.model.Message;
import dev.switchboard.spi.model.Role;
import dev.switchboard.spi.model.ThinkingConfig;
import dev.switchboard.spi.model.Tool;
import dev.switchboard.spi.model.ToolChoice;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Canonical → OpenAI Chat upstream request: the key allow-list, system messages, thinking and effort. */
class OpenAiChatRequestWriterTest {
    private static final OpenAiChatProfile STD = OpenAiChatProfile.standard();
    private static final JsonObject SCHEMA = OcTestSupport.json(
            "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\","
                    + "\"properties\":{\"file_path\":{\"type\":\"string\"}},\"additionalProperties\":false}");
    /** The output keys the writer may produce: an allow-list, because strict upstreams reject unknown keys. */
    private static final Set<String> ALLOWED = Set.of("model", "messages", "tools", "tool_choice", "parallel_tool_calls",
            "max_tokens", "max_completion_tokens", "temperature", "top_p", "top_k", "stop", "stream", "stream_options",
            "reasoning_effort", "response_format", "user");

    private static JsonObject write(ChatRequest r) throws GatewayException {
        return write(r, STD);
    }

    private static JsonObject write(ChatRequest r, OpenAiChatProfile p) throws GatewayException {
        JsonObject body = new OpenAiChatRequestWriter(p).write(r, "up-model").body();
        assertTrue(ALLOWED.containsAll(body.keySet()), "non-allow-listed key in " + body.keySet());
        return body;
    }

    private static ChatRequest.Builder base(Message... messages) {
        return ChatRequest.builder("client-model").messages(List.of(messages)).maxTokens(1000);
    }

    private static JsonArray messages(JsonObject body) {
        return body.getJsonArray("messages");
    }

    private static ContentBlock.ToolResult result(String id, ContentBlock... content) {
        return new ContentBlock.ToolResult(id, List.of(content), false, null);
    }

    @Test
    @DisplayName("system [{A, cache_control}, {B}], no-cache profile → \"A\\n\\nB\", no cache_control anywhere")
    void systemJoinedCacheStripped() throws GatewayException {
        ChatRequest r = base(new Message(Role.USER, List.of(new ContentBlock.Text("hi", CacheControl.EPHEMERAL))))
                .system(List.of(new ContentBlock.Text("A", CacheControl.EPHEMERAL), new ContentBlock.Text("B"))).build();
        JsonObject body = write(r);
        assertEquals(OcTestSupport.json("{\"role\":\"system\",\"content\":\"A\\n\\nB\"}"), messages(body).getJsonObject(0));
        assertFalse(body.toString().contains("cache_control"));
        // with cache support and array system content the markers survive
        JsonObject cached = write(r, STD.toBuilder().supportsCacheControl(true).acceptsArraySystemContent(true).build());
        assertEquals(OcTestSupport.array("[{\"type\":\"text\",\"text\":\"A\",\"cache_control\":{\"type\":\"ephemeral\"}},"
                + "{\"type\":\"text\",\"text\":\"B\"}]"),
                messages(cached).getJsonObject(0).getJsonArray("content"));
    }

    @Test
    void fieldsTheBackendRejectsAreLeftOutOfTheBody() throws GatewayException {
        ChatRequest r = base(Message.user("hi")).temperature(0.5).maxTokens(10).userId("u1").build();
        JsonObject full = new OpenAiChatRequestWriter(STD).write(r, "m").body();
        assertTrue(full.containsKey("temperature") && full.containsKey("user"));
        JsonObject kept = new OpenAiChatRequestWriter(STD).write(r, "m", java.util.Set.of("temperature", "user")).body();
        assertFalse(kept.containsKey("temperature") || kept.containsKey("user"), kept.toString());
        assertEquals(full.get("messages"), kept.get("messages"));
        assertEquals(full.size() - 2, kept.size(), "only the omitted fields are missing");
    }

    @Test
    @DisplayName("assistant with only tool_use → content:null (never \"\"), tool_calls with type function")
    void toolOnlyAssistant() throws GatewayException {
        ChatRequest r = base(Message.user("list"),
                new Message(Role.ASSISTANT, List.of(new ContentBlock.ToolUse("toolu_1", "Bash", OcTestSupport.json("{\"command\":\"ls\"}")))),
                new Message(Role.USER, List.of(result("toolu_1", new ContentBlock.Text("a.txt"))))).build();
        JsonObject assistant = messages(write(r)).getJsonObject(1);
        assertEquals(JsonValue.NULL, assistant.get("content"));
        assertEquals(OcTestSupport.json("{\"id\":\"toolu_1\",\"type\":\"function\",\"function\":{\"name\":\"Bash\","
                + "\"arguments\":\"{\\\"command\\\":\\\"ls\\\"}\"}}"), assistant.getJsonArray("tool_calls").getJsonObject(0));
    }

    @Test
    @DisplayName("[tool_result id1 \"ok\", text \"next\"] → tool(id1), then user \"next\"")
    void toolResultBeforeText() throws GatewayException {
        ChatRequest r = base(Message.user("go"),
                new Message(Role.ASSISTANT, List.of(new ContentBlock.ToolUse("id1", "Bash", JsonValue.EMPTY_JSON_OBJECT))),
                new Message(Role.USER, List.of(result("id1", new ContentBlock.Text("ok")), new ContentBlock.Text("next")))).build();
        JsonArray m = messages(write(r));
        assertEquals(OcTestSupport.json("{\"role\":\"tool\",\"tool_call_id\":\"id1\",\"content\":\"ok\"}"), m.getJsonObject(2));
        assertEquals(OcTestSupport.json("{\"role\":\"user\",\"content\":\"next\"}"), m.getJsonObject(3));
        assertEquals(4, m.size());
    }

    @Test
    @DisplayName("two results, one with an image → two adjacent tool messages, then one user message with the image")
    void toolImagesAfterBatch() throws GatewayException {
        ContentBlock.Image png = new ContentBlock.Image(MediaSource.base64("image/png", "iVBOR"), null);
        ChatRequest r = base(Message.user("go"),
                new Message(Role.ASSISTANT, List.of(new ContentBlock.ToolUse("a", "Shot", JsonValue.EMPTY_JSON_OBJECT),
                        new ContentBlock.ToolUse("b", "Read", JsonValue.EMPTY_JSON_OBJECT))),
                new Message(Role.USER, List.of(result("a", new ContentBlock.Text("shot taken"), png), result("b", new ContentBlock.Text("x"))))).build();
        JsonArray m = messages(write(r));
        assertEquals("tool", m.getJsonObject(2).getString("role"));
        assertEquals("a", m.getJsonObject(2).getString("tool_call_id"));
        assertEquals("shot taken", m.getJsonObject(2).getString("content"), "no image inside role:tool");
        assertEquals("tool", m.getJsonObject(3).getString("role"));
        assertEquals(OcTestSupport.json("{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":"
                + "{\"url\":\"data:image/png;base64,iVBOR\"}}]}"), m.getJsonObject(4));
    }

    @Test
    @DisplayName("tool_result missing content → \"\"; texts joined \\n; is_error → \"[tool error] \" prefix")
    void toolResultText() throws GatewayException {
        ChatRequest r = base(Message.user("go"),
                new Message(Role.ASSISTANT, List.of(new ContentBlock.ToolUse("a", "A", JsonValue.EMPTY_JSON_OBJECT),
                        new ContentBlock.ToolUse("b", "B", JsonValue.EMPTY_JSON_OBJECT),
                        new ContentBlock.ToolUse("c", "C", JsonValue.EMPTY_JSON_OBJECT))),
                new Message(Role.USER, List.of(new ContentBlock.ToolResult("a", List.of(), false, null),
                        result("b", new ContentBlock.Text("l1"), new ContentBlock.Text("l2")),
                        new ContentBlock.ToolResult("c", List.of(new ContentBlock.Text("boom")), true, null)))).build();
        JsonArray m = messages(write(r));
        assertEquals("", m.getJsonObject(2).getString("content"));
        assertEquals("l1\nl2", m.getJsonObject(3).getString("content"));
        assertEquals("[tool error] boom", m.getJsonObject(4).getString("content"));
        assertEquals(5, m.size(), "no empty user message after a results-only turn");
    }

    @Test
    @DisplayName("tool_choice any / none / tool / auto → required / none / function object / auto")
    void toolChoice() throws GatewayException {
        ChatRequest.Builder b = base(Message.user("x")).tools(List.of(new Tool("Read", "r", SCHEMA)));
        assertEquals("required", write(b.toolChoice(new ToolChoice(ToolChoice.Type.ANY, null, false)).build()).getString("tool_choice"));
        assertEquals("none", write(b.toolChoice(new ToolChoice(ToolChoice.Type.NONE, null, true)).build()).getString("tool_choice"));
        assertEquals("auto", write(b.toolChoice(ToolChoice.auto()).build()).getString("tool_choice"));
        JsonObject named = write(b.toolChoice(new ToolChoice(ToolChoice.Type.TOOL, "Read", false)).build());
        assertEquals(OcTestSupport.json("{\"type\":\"function\",\"function\":{\"name\":\"Read\"}}"), named.getJsonObject("tool_choice"));
        assertThrows(GatewayException.class, () -> write(b.toolChoice(new ToolChoice(ToolChoice.Type.TOOL, "Gone", false)).build()));
    }

    @Test
    @DisplayName("disable_parallel_tool_use → parallel_tool_calls:false, only with tools, never with none")
    void parallelToolCalls() throws GatewayException {
        ToolChoice noParallel = new ToolChoice(ToolChoice.Type.AUTO, null, true);
        ChatRequest withTools = base(Message.user("x")).tools(List.of(new Tool("Read", "r", SCHEMA))).toolChoice(noParallel).build();
        assertEquals(JsonValue.FALSE, write(withTools).get("parallel_tool_calls"));
        JsonObject noTools = write(base(Message.user("x")).toolChoice(noParallel).build());
        assertFalse(noTools.containsKey("parallel_tool_calls"));
        assertFalse(noTools.containsKey("tool_choice"));
        assertFalse(write(withTools, STD.toBuilder().supportsParallelToolCalls(false).build()).containsKey("parallel_tool_calls"));
        assertFalse(write(withTools.toBuilder().toolChoice(new ToolChoice(ToolChoice.Type.NONE, null, true)).build())
                .containsKey("parallel_tool_calls"));
    }

    @Test
    @DisplayName("image source url → image_url.url = URL; base64 without type → image/jpeg data URI")
    void imageUrl() throws GatewayException {
        ChatRequest r = base(new Message(Role.USER, List.of(new ContentBlock.Text("see"),
                new ContentBlock.Image(MediaSource.url("https://example.com/cat.png"), null),
                new ContentBlock.Image(MediaSource.base64(null, "AAAA"), null)))).build();
        JsonArray parts = messages(write(r)).getJsonObject(0).getJsonArray("content");
        assertEquals("https://example.com/cat.png", parts.getJsonObject(1).getJsonObject("image_url").getString("url"));
        assertEquals("data:image/jpeg;base64,AAAA", parts.getJsonObject(2).getJsonObject("image_url").getString("url"));
        JsonObject textOnly = write(r, STD.toBuilder().supportsImages(false).build());
        assertTrue(messages(textOnly).getJsonObject(0).getString("content").contains(OpenAiChatMessagesWriter.IMAGE_PLACEHOLDER));
    }

    @Test
    @DisplayName("stream:true → stream_options.include_usage:true, unless the profile says unsupported")
    void streamOptions() throws GatewayException {
        ChatRequest r = base(Message.user("x")).stream(true).build();
        JsonObject body = write(r);
        assertEquals(JsonValue.TRUE, body.get("stream"));
        assertEquals(OcTestSupport.json("{\"include_usage\":true}"), body.getJsonObject("stream_options"));
        assertFalse(write(r, STD.toBuilder().supportsStreamOptions(false).build()).containsKey("stream_options"));
        assertFalse(write(base(Message.user("x")).build()).containsKey("stream"));
    }

    @Test
    @DisplayName("adaptive+medium → medium; budgets 1500/2048/31999 → low/medium/high")
    void reasoningEffort() throws GatewayException {
        OpenAiChatProfile p = STD.toBuilder().supportsReasoningEffort(true).build();
        ChatRequest.Builder b = base(Message.user("x"));
        assertEquals("medium", write(b.thinking(ThinkingConfig.adaptive()).effort("medium").build(), p).getString("reasoning_effort"));
        assertEquals("medium", write(b.thinking(ThinkingConfig.adaptive()).effort(null).build(), p).getString("reasoning_effort"));
        b.effort(null);
        assertEquals("low", write(b.thinking(ThinkingConfig.enabled(1500)).build(), p).getString("reasoning_effort"));
        assertEquals("medium", write(b.thinking(ThinkingConfig.enabled(2048)).build(), p).getString("reasoning_effort"));
        assertEquals("high", write(b.thinking(ThinkingConfig.enabled(31999)).build(), p).getString("reasoning_effort"));
        assertFalse(write(b.thinking(ThinkingConfig.enabled(31999)).build()).containsKey("reasoning_effort"), "profile off");
    }

    @Test
    @DisplayName("xhigh/max → high unless allowed; minimal only if allowed; disabled → omitted or explicit off")
    void reasoningEffortProfile() {
        OpenAiChatProfile p = STD.toBuilder().supportsReasoningEffort(true).build();
        ChatRequest adaptiveMax = base(Message.user("x")).thinking(ThinkingConfig.adaptive()).effort("max").build();
        assertEquals("high", OpenAiChatRequestWriter.reasoningEffort(adaptiveMax, p));
        assertEquals("xhigh", OpenAiChatRequestWriter.reasoningEffort(adaptiveMax, p.toBuilder().allowsXhighEffort(true).build()));
        ChatRequest small = base(Message.user("x")).thinking(new ThinkingConfig(ThinkingConfig.Mode.ENABLED, 512, null)).build();
        assertEquals("low", OpenAiChatRequestWriter.reasoningEffort(small, p));
        assertEquals("minimal", OpenAiChatRequestWriter.reasoningEffort(small, p.toBuilder().allowsMinimalEffort(true).build()));
        ChatRequest off = base(Message.user("x")).thinking(new ThinkingConfig(ThinkingConfig.Mode.DISABLED, null, null)).effort("high").build();
        assertEquals(null, OpenAiChatRequestWriter.reasoningEffort(off, p));
        assertEquals("none", OpenAiChatRequestWriter.reasoningEffort(off, p.toBuilder().reasoningEffortOff("none").build()));
        ChatRequest effortOnly = base(Message.user("x")).effort("low").build();
        assertEquals("low", OpenAiChatRequestWriter.reasoningEffort(effortOnly, p));
    }

    @Test
    @DisplayName("defer_loading:true tool → the tool and the key are absent; server tools dropped")
    void deferLoadingRemoved() throws GatewayException {
        ChatRequest r = base(Message.user("x")).tools(List.of(new Tool("Read", "r", SCHEMA),
                new Tool("DeferredToolPlaceholder", "d", SCHEMA, null, true, null, Map.of()),
                new Tool("web_search", null, SCHEMA, null, false, "web_search_20250305", Map.of()))).build();
        JsonObject body = write(r);
        assertEquals(1, body.getJsonArray("tools").size());
        assertEquals("Read", body.getJsonArray("tools").getJsonObject(0).getJsonObject("function").getString("name"));
        assertFalse(body.toString().contains("defer_loading"));
        assertFalse(body.toString().contains("DeferredToolPlaceholder"));
    }

    @Test
    @DisplayName("tools → functions with parameters passed through the schema transform")
    void schemaTransform() throws GatewayException {
        ChatRequest r = base(Message.user("x")).tools(List.of(new Tool("Read", "Reads a file", SCHEMA))).build();
        JsonObject identity = write(r).getJsonArray("tools").getJsonObject(0);
        assertEquals(OcTestSupport.json("{\"type\":\"function\",\"function\":{\"name\":\"Read\",\"description\":\"Reads a file\","
                + "\"parameters\":" + SCHEMA + "}}"), identity);
        OpenAiChatRequestWriter cleaning = new OpenAiChatRequestWriter(STD,
                s -> Json.createObjectBuilder(s).remove("$schema").remove("additionalProperties").build());
        JsonObject params = cleaning.write(r, "m").body().getJsonArray("tools").getJsonObject(0)
                .getJsonObject("function").getJsonObject("parameters");
        assertFalse(params.containsKey("$schema"));
        assertFalse(params.containsKey("additionalProperties"));
        assertTrue(params.containsKey("properties"));
    }

    @Test
    @DisplayName("tool names over 64 chars shortened reversibly, consistently in tools, history and tool_choice")
    void longToolNames() throws GatewayException {
        String longName = "mcp__plugin_server_with_quite_a_long_name__tool_that_does_many_things";
        String alias = ToolNameMap.aliasFor(longName);
        ChatRequest r = base(Message.user("x"),
                new Message(Role.ASSISTANT, List.of(new ContentBlock.ToolUse("t1", longName, JsonValue.EMPTY_JSON_OBJECT))),
                new Message(Role.USER, List.of(result("t1", new ContentBlock.Text("ok")))))
                .tools(List.of(new Tool(longName, "d", SCHEMA)))
                .toolChoice(new ToolChoice(ToolChoice.Type.TOOL, longName, false)).build();
        OpenAiChatUpstreamRequest out = new OpenAiChatRequestWriter(STD).write(r, "m");
        JsonObject body = out.body();
        assertEquals(alias, body.getJsonArray("tools").getJsonObject(0).getJsonObject("function").getString("name"));
        assertEquals(alias, messages(body).getJsonObject(1).getJsonArray("tool_calls").getJsonObject(0)
                .getJsonObject("function").getString("name"));
        assertEquals(alias, body.getJsonObject("tool_choice").getJsonObject("function").getString("name"));
        assertEquals(longName, out.toolNames().restore(alias));
        assertTrue(alias.length() <= 64);
    }

    @Test
    @DisplayName("thinking dropped by default or replayed as reasoning_content; redacted/opaque dropped")
    void thinkingReplay() throws GatewayException {
        ChatRequest r = base(Message.user("x"),
                new Message(Role.ASSISTANT, List.of(new ContentBlock.Thinking("pondering", "sig"), new ContentBlock.RedactedThinking("enc"),
                        new ContentBlock.Opaque(OcTestSupport.json("{\"type\":\"server_tool_use\",\"id\":\"s\"}")),
                        new ContentBlock.Text("answer"))),
                Message.user("y")).build();
        JsonObject plain = messages(write(r)).getJsonObject(1);
        assertEquals(OcTestSupport.json("{\"role\":\"assistant\",\"content\":\"answer\"}"), plain);
        JsonObject replay = messages(write(r, STD.toBuilder().replayReasoning(OpenAiChatProfile.ReasoningReplay.REASONING_CONTENT).build()))
                .getJsonObject(1);
        assertEquals("pondering", replay.getString("reasoning_content"));
        assertFalse(replay.toString().contains("enc"));
    }

    @Test
    @DisplayName("N5 (request side): assistant [text a, tool_use, text b] → content \"ab\" + tool_calls")
    void assistantTextsJoined() throws GatewayException {
        ChatRequest r = base(Message.user("x"),
                new Message(Role.ASSISTANT, List.of(new ContentBlock.Text("a"), new ContentBlock.ToolUse("t", "T", JsonValue.EMPTY_JSON_OBJECT),
                        new ContentBlock.Text("b"))),
                new Message(Role.USER, List.of(result("t")))).build();
        JsonObject assistant = messages(write(r)).getJsonObject(1);
        assertEquals("ab", assistant.getString("content"));
        assertEquals(1, assistant.getJsonArray("tool_calls").size());
    }

    @Test
    @DisplayName("role system mid-conversation → <system-reminder> merged into the next user message, else the previous")
    void systemMessageFolding() throws GatewayException {
        // Claude Code turn 1: the system message is the LAST message → merged into the previous user message
        ChatRequest turn1 = base(new Message(Role.USER, List.of(new ContentBlock.Text("<reminder>"), new ContentBlock.Text("prompt"))),
                new Message(Role.SYSTEM, List.of(new ContentBlock.Text("env: linux")))).build();
        JsonArray m1 = messages(write(turn1));
        assertEquals(1, m1.size());
        assertEquals("<reminder>\n\nprompt\n\n<system-reminder>\nenv: linux\n</system-reminder>", m1.getJsonObject(0).getString("content"));
        // between turns → merged into the next user message, after its tool results
        ChatRequest mid = base(Message.user("a"),
                new Message(Role.ASSISTANT, List.of(new ContentBlock.ToolUse("t", "T", JsonValue.EMPTY_JSON_OBJECT))),
                new Message(Role.SYSTEM, List.of(new ContentBlock.Text("note"))),
                new Message(Role.USER, List.of(result("t", new ContentBlock.Text("r")), new ContentBlock.Text("b")))).build();
        JsonArray m2 = messages(write(mid));
        assertEquals("tool", m2.getJsonObject(2).getString("role"));
        assertEquals("<system-reminder>\nnote\n</system-reminder>\n\nb", m2.getJsonObject(3).getString("content"));
        assertFalse(m2.toString().contains("\"role\":\"system\""), "never a mid-conversation system role by default");
        // systemAnywhere keeps it in place; never dropped either way
        JsonArray m3 = messages(write(turn1, STD.toBuilder().systemAnywhere(true).build()));
        assertEquals(OcTestSupport.json("{\"role\":\"system\",\"content\":\"env: linux\"}"), m3.getJsonObject(1));
    }

    @Test
    @DisplayName("max_tokens field per profile; top_k only if supported; stop ≤ max, no whitespace-only")
    void samplingFields() throws GatewayException {
        ChatRequest r = base(Message.user("x")).temperature(0.3).topP(0.9).topK(40)
                .stopSequences(List.of("a", " ", "b", "c", "d", "e")).build();
        JsonObject body = write(r);
        assertEquals(1000, body.getInt("max_tokens"));
        assertFalse(body.containsKey("top_k"));
        assertEquals(0.3, body.getJsonNumber("temperature").doubleValue());
        assertEquals(OcTestSupport.array("[\"a\",\"b\",\"c\",\"d\"]"), body.getJsonArray("stop"));
        JsonObject other = write(r, STD.toBuilder().maxTokensField(OpenAiChatProfile.MaxTokensField.MAX_COMPLETION_TOKENS)
                .supportsTopK(true).maxStopSequences(2).build());
        assertEquals(1000, other.getInt("max_completion_tokens"));
        assertFalse(other.containsKey("max_tokens"));
        assertEquals(40, other.getInt("top_k"));
        assertEquals(2, other.getJsonArray("stop").size());
        assertFalse(write(base(Message.user("x")).stopSequences(List.of("  ")).build()).containsKey("stop"));
    }

    @Test
    @DisplayName("metadata.user_id → user as a stable hash ≤ 64 chars; extensions never forwarded")
    void userAndAllowList() throws GatewayException {
        String claudeCodeUser = "{\"device_id\":\"d\",\"account_uuid\":\"a\",\"session_id\":\"s\"}";
        ChatRequest r = base(Message.user("x")).userId(claudeCodeUser)
                .extension("context_management", OcTestSupport.json("{\"edits\":[]}"))
                .extension("reasoning", OcTestSupport.json("{\"effort\":\"high\",\"enabled\":true}"))
                .betas(List.of("context-management-2025-06-27")).build();
        JsonObject body = write(r);
        String user = body.getString("user");
        assertTrue(user.length() <= 64);
        assertEquals(StableHash.userId(claudeCodeUser), user);
        assertFalse(body.containsKey("context_management"));
        assertFalse(body.containsKey("reasoning"));
        assertEquals("up-model", body.getString("model"));
    }

    @Test
    @DisplayName("user pdf document → file part; text document → text; empty text dropped; final empty turn → \".\"")
    void userDocuments() throws GatewayException {
        ChatRequest r = base(new Message(Role.USER, List.of(new ContentBlock.Text(""),
                new ContentBlock.Document(MediaSource.base64("application/pdf", "JVBER"), "a.pdf", null, null),
                new ContentBlock.Document(MediaSource.text("plain words"), "notes", null, null)))).build();
        JsonArray parts = messages(write(r)).getJsonObject(0).getJsonArray("content");
        assertEquals(OcTestSupport.json("{\"type\":\"file\",\"file\":{\"filename\":\"a.pdf\",\"file_data\":\"data:application/pdf;base64,JVBER\"}}"),
                parts.getJsonObject(0));
        assertEquals("notes\n\nplain words", parts.getJsonObject(1).getString("text"));
        assertEquals(2, parts.size());
        JsonArray empty = messages(write(base(Message.user("a"), Message.assistant("b"),
                new Message(Role.USER, List.of(new ContentBlock.Text("")))).build()));
        assertEquals(".", empty.getJsonObject(2).getString("content"));
    }

    @Test
    @DisplayName("response_format json_schema → strict schema (transformed); any-object → json_object")
    void responseFormat() throws GatewayException {
        JsonObject schemaFormat = OcTestSupport.json("{\"type\":\"json_schema\",\"schema\":{\"type\":\"object\",\"properties\":{}}}");
        JsonObject rf = write(base(Message.user("x")).outputFormat(schemaFormat).build()).getJsonObject("response_format");
        assertEquals("json_schema", rf.getString("type"));
        assertEquals(JsonValue.TRUE, rf.getJsonObject("json_schema").get("strict"));
        assertEquals(schemaFormat.getJsonObject("schema"), rf.getJsonObject("json_schema").getJsonObject("schema"));
        JsonObject anyObject = OcTestSupport.json("{\"type\":\"json_schema\",\"schema\":{\"type\":\"object\"}}");
        assertEquals(OcTestSupport.json("{\"type\":\"json_object\"}"),
                write(base(Message.user("x")).outputFormat(anyObject).build()).getJsonObject("response_format"));
    }

    @Test
    @DisplayName("round trip: OC client request → canonical → OC upstream keeps the conversation shape")
    void roundTrip() throws GatewayException {
        String client = "{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":\"S\"},{\"role\":\"user\",\"content\":\"q\"},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\",\"function\":"
                + "{\"name\":\"Read\",\"arguments\":\"{\\\"p\\\":\\\"x\\\"}\"}}]},{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"X\"},"
                + "{\"role\":\"user\",\"content\":\"thanks\"}],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"Read\","
                + "\"parameters\":{\"type\":\"object\",\"properties\":{\"p\":{\"type\":\"string\"}}}}}],\"max_tokens\":100}";
        ChatRequest canonical = new OpenAiChatRequestReader().read(OcTestSupport.json(client)).request();
        JsonObject up = new OpenAiChatRequestWriter(STD).write(canonical, "m").body();
        JsonObject original = OcTestSupport.json(client);
        assertEquals(original.getJsonArray("messages"), up.getJsonArray("messages"));
        assertEquals(original.getJsonArray("tools"), up.getJsonArray("tools"));
        assertEquals(100, up.getInt("max_tokens"));
    }
}
