package dev.switchboard.plugin.kiro.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.plugin.kiro.AnthropicTestReader;
import dev.switchboard.plugin.kiro.KiroFixtures;
import dev.switchboard.plugin.kiro.KiroModels;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.TokenCounter;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.Message;
import dev.switchboard.spi.model.Role;
import dev.switchboard.spi.model.Tool;
import dev.switchboard.testkit.Fixtures;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** Canonical → {@code conversationState} on the fixture sample and the Claude Code captures. */
class KiroRequestConverterTest {
    static final String ARN = "arn:aws:codewhisperer:us-east-1:699475941385:profile/EHGA3GRVQMUK";
    static final Logger LOG = Logger.getLogger(KiroRequestConverterTest.class.getName());
    static final KiroModels.KiroModel SONNET = KiroModels.defaults().find("claude-sonnet-4-5").orElseThrow();

    static KiroRequestConverter converter() {
        return converter(ConversionOptions.defaults());
    }

    static KiroRequestConverter converter(ConversionOptions o) {
        return new KiroRequestConverter(o, TokenCounter.shared(), LOG);
    }

    static final JsonObject READ_SCHEMA = Jsons.parseObject(
            "{\"type\":\"object\",\"properties\":{\"file_path\":{\"type\":\"string\"}},\"required\":[\"file_path\"]}");

    /** The conversation of the fixture README. */
    static ChatRequest sampleConversation() {
        return ChatRequest.builder("claude-sonnet-4-5")
                .addSystem(new ContentBlock.Text("You are a helpful assistant."))
                .addTool(new Tool("Read", "Read a file", READ_SCHEMA))
                .addMessage(Message.user("Read /src/old.txt"))
                .addMessage(new Message(Role.ASSISTANT, List.of(new ContentBlock.Text("Reading."),
                        new ContentBlock.ToolUse("toolu_01ABC", "Read", Jsons.parseObject("{\"file_path\":\"/src/old.txt\"}")))))
                .addMessage(new Message(Role.USER, List.of(
                        new ContentBlock.ToolResult("toolu_01ABC", List.of(new ContentBlock.Text("old contents")), false, null),
                        new ContentBlock.Text("Now read /src/a.txt"))))
                .build();
    }

    static JsonObject state(KiroRequest r) {
        return r.body().getJsonObject("conversationState");
    }

    static JsonObject current(KiroRequest r) {
        return state(r).getJsonObject("currentMessage").getJsonObject("userInputMessage");
    }

    static JsonArray history(KiroRequest r) {
        JsonArray h = Jsons.arr(state(r), "history");
        return h == null ? JsonValue.EMPTY_JSON_ARRAY : h;
    }

    @Test
    void theSampleConversationProducesExactlySampleRequestJson() throws GatewayException {
        KiroRequest r = converter().convert(sampleConversation(), SONNET, ARN);
        String id = state(r).getString("conversationId");
        assertEquals(5, UUID.fromString(id).version());
        JsonObject expected = KiroFixtures.sampleRequest();
        JsonObject expectedState = Json.createObjectBuilder(expected.getJsonObject("conversationState"))
                .add("conversationId", id).build();
        expected = Json.createObjectBuilder(expected).add("conversationState", expectedState).build();
        assertEquals(expected, r.body());
        // Same keys in the same order as the real client.
        assertEquals(expected.toString(), r.body().toString());
        assertEquals(r.body().toString(), new String(r.bytes(), java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(r.inputTokens() > 20, "estimate " + r.inputTokens());
    }

    @Test
    void builderIdAccountsSendNoProfileArnKey() throws GatewayException {
        KiroRequest r = converter().convert(sampleConversation(), SONNET, null);
        assertFalse(r.body().containsKey("profileArn"));
    }

    @Test
    void conversationIdComesFromClaudeCodesSessionId() throws GatewayException {
        ChatRequest json = sampleConversation().toBuilder()
                .userId("{\"device_id\":\"abc\",\"account_uuid\":\"\",\"session_id\":\"411f13cb-1121-4291-a1da-c27607f11d1f\"}")
                .build();
        assertEquals("411f13cb-1121-4291-a1da-c27607f11d1f", state(converter().convert(json, SONNET, ARN))
                .getString("conversationId"));
        ChatRequest legacy = sampleConversation().toBuilder()
                .userId("user_0123_account__session_ee79934e-f358-43f3-96c8-39f76a8ec879").build();
        assertEquals("ee79934e-f358-43f3-96c8-39f76a8ec879", state(converter().convert(legacy, SONNET, ARN))
                .getString("conversationId"));
    }

    @Test
    void withoutASessionTheSameRequestGetsTheSameConversationIdEveryTime() throws GatewayException {
        String first = state(converter().convert(sampleConversation(), SONNET, ARN)).getString("conversationId");
        String again = state(converter().convert(sampleConversation(), SONNET, null)).getString("conversationId");
        assertEquals(first, again);
        // A later turn of the same conversation (one more exchange) keeps the id: only its opening feeds it.
        ChatRequest later = sampleConversation().toBuilder()
                .addMessage(Message.assistant("Done."))
                .addMessage(Message.user("And /src/b.txt"))
                .build();
        assertEquals(first, state(converter().convert(later, SONNET, ARN)).getString("conversationId"));
    }

    @Test
    void aDifferentFirstMessageSystemOrModelGivesADifferentConversationId() throws GatewayException {
        String base = state(converter().convert(sampleConversation(), SONNET, ARN)).getString("conversationId");
        List<Message> messages = new ArrayList<>(sampleConversation().messages());
        messages.set(0, Message.user("Read /src/other.txt"));
        ChatRequest otherFirst = sampleConversation().toBuilder().messages(messages).build();
        ChatRequest otherSystem = sampleConversation().toBuilder()
                .system(List.of(new ContentBlock.Text("You are a terse assistant."))).build();
        KiroModels.KiroModel haiku = KiroModels.defaults().find("claude-haiku-4-5").orElseThrow();
        List<String> ids = List.of(
                state(converter().convert(otherFirst, SONNET, ARN)).getString("conversationId"),
                state(converter().convert(otherSystem, SONNET, ARN)).getString("conversationId"),
                state(converter().convert(sampleConversation(), haiku, ARN)).getString("conversationId"));
        for (String id : ids) {
            assertNotEquals(base, id);
        }
        assertEquals(3, new java.util.HashSet<>(ids).size(), ids.toString());
    }

    @Test
    void aSessionInUserIdWinsOverTheDerivedConversationId() throws GatewayException {
        String derived = state(converter().convert(sampleConversation(), SONNET, ARN)).getString("conversationId");
        ChatRequest withSession = sampleConversation().toBuilder()
                .userId("{\"session_id\":\"411f13cb-1121-4291-a1da-c27607f11d1f\"}").build();
        String id = state(converter().convert(withSession, SONNET, ARN)).getString("conversationId");
        assertEquals("411f13cb-1121-4291-a1da-c27607f11d1f", id);
        assertNotEquals(derived, id);
        // A user id without a session is not one: the id is still derived from the request.
        ChatRequest plainUser = sampleConversation().toBuilder().userId("alice").build();
        assertEquals(derived, state(converter().convert(plainUser, SONNET, ARN)).getString("conversationId"));
    }

    @Test
    void claudeCodeCapturesConvertWithNativeToolsSystemOnceAndAlternation() throws GatewayException {
        for (String name : Fixtures.CLAUDE_CODE) {
            JsonObject captured = Fixtures.claudeCodeBody(name);
            ChatRequest req = AnthropicTestReader.read(captured);
            KiroRequest r = converter().convert(req, SONNET, ARN);
            String body = r.body().toString();
            assertFalse(body.contains("[object Object]"), name);
            assertFalse(body.contains("[Called "), name);
            assertFalse(body.contains("[Tool result"), name);
            assertAlternates(r, name);

            JsonArray tools = current(r).getJsonObject("userInputMessageContext").getJsonArray("tools");
            long declared = captured.getJsonArray("tools").stream()
                    .filter(t -> !Jsons.bool(t.asJsonObject(), "defer_loading")).count();
            assertEquals(declared, tools.size(), name + ": deferred tools are left out");
            for (JsonValue t : tools) {
                JsonObject spec = t.asJsonObject().getJsonObject("toolSpecification");
                assertFalse(spec.getString("description").isBlank());
                assertEquals("object", spec.getJsonObject("inputSchema").getJsonObject("json").getString("type"));
            }
            if (!req.system().isEmpty()) {
                String system = req.systemText();
                JsonObject first = history(r).getJsonObject(0).getJsonObject("userInputMessage");
                assertEquals(system, first.getString("content"), name + ": system sent as text, in order");
                assertEquals("I will follow these instructions.", history(r).getJsonObject(1)
                        .getJsonObject("assistantResponseMessage").getString("content"));
                String probe = req.system().getLast().text().substring(0, 60);
                assertEquals(1, occurrences(body, Jsons.quote(probe).substring(1, 50)), name + ": system sent once");
            }
        }
    }

    @Test
    void claudeCodeToolResultTurnUsesNativeToolUsesAndToolResults() throws GatewayException {
        KiroRequest r = converter().convert(AnthropicTestReader.read(Fixtures.claudeCodeBody("tool-result-turn2")),
                SONNET, ARN);
        JsonArray h = history(r);
        assertEquals(4, h.size(), "system pair + user + assistant");
        JsonObject user = h.getJsonObject(2).getJsonObject("userInputMessage");
        assertTrue(user.getString("content").contains("list files in the current directory using the Bash tool"));
        assertTrue(user.getString("content").contains("# Environment"), "the mid-conversation system message stays in place");
        JsonObject assistant = h.getJsonObject(3).getJsonObject("assistantResponseMessage");
        assertEquals("Let me list the files.", assistant.getString("content"));
        JsonObject use = assistant.getJsonArray("toolUses").getJsonObject(0);
        assertEquals("toolu_e3f8b153181e7384", use.getString("toolUseId"));
        assertEquals("Bash", use.getString("name"));
        assertEquals("ls -1", use.getJsonObject("input").getString("command"));
        JsonObject cur = current(r);
        assertEquals("Tool results provided.", cur.getString("content"));
        JsonObject result = cur.getJsonObject("userInputMessageContext").getJsonArray("toolResults").getJsonObject(0);
        assertEquals("toolu_e3f8b153181e7384", result.getString("toolUseId"));
        assertEquals("a.txt\nb.md", result.getJsonArray("content").getJsonObject(0).getString("text"));
        assertEquals("success", result.getString("status"));
    }

    @Test
    void sayHiKeepsTheUserTextAndTheSystemMessageInTheCurrentTurn() throws GatewayException {
        KiroRequest r = converter().convert(AnthropicTestReader.read(Fixtures.claudeCodeBody("say-hi")), SONNET, ARN);
        assertEquals(2, history(r).size(), "only the system pair");
        String content = current(r).getString("content");
        assertTrue(content.contains("say hi"));
        assertTrue(content.indexOf("say hi") < content.indexOf("# Environment"));
        assertFalse(r.body().toString().contains("thinking_mode"), "thinking-mode off by default");
    }

    @Test
    void historyRepairsMergeFillAndPair() throws GatewayException {
        JsonObject in = Jsons.parseObject("{\"a\":1}");
        ChatRequest req = ChatRequest.builder("claude-sonnet-4-5")
                .addMessage(Message.assistant("I start"))                       // leading assistant → Continue first
                .addMessage(Message.user("one"))
                .addMessage(Message.user("two"))                                // adjacent users → merged
                .addMessage(new Message(Role.ASSISTANT, List.of(
                        new ContentBlock.ToolUse("t1", "Grep", in),             // undeclared tool → placeholder
                        new ContentBlock.ToolUse("t2", "Grep", in),             // never answered → dropped
                        new ContentBlock.ToolUse("t1", "Grep", in))))           // duplicate id → dropped
                .addMessage(new Message(Role.ASSISTANT, List.of()))             // empty assistant → dropped
                .addMessage(new Message(Role.USER, List.of(
                        new ContentBlock.ToolResult("t1", List.of(new ContentBlock.Text("found")), true, null),
                        new ContentBlock.ToolResult("t9", List.of(), false, null)))) // orphan → dropped
                .addMessage(Message.assistant("prefill"))                       // trailing assistant → dropped
                .build();
        KiroRequest r = converter().convert(req, SONNET, null);
        JsonArray h = history(r);
        assertEquals("Continue", h.getJsonObject(0).getJsonObject("userInputMessage").getString("content"));
        assertEquals("I start", h.getJsonObject(1).getJsonObject("assistantResponseMessage").getString("content"));
        assertEquals("one\ntwo", h.getJsonObject(2).getJsonObject("userInputMessage").getString("content"));
        JsonObject a = h.getJsonObject(3).getJsonObject("assistantResponseMessage");
        assertEquals(" ", a.getString("content"), "assistant with only tool uses");
        assertEquals(1, a.getJsonArray("toolUses").size());
        assertEquals("t1", a.getJsonArray("toolUses").getJsonObject(0).getString("toolUseId"));
        JsonObject cur = current(r);
        assertEquals("Tool results provided.", cur.getString("content"));
        JsonArray results = cur.getJsonObject("userInputMessageContext").getJsonArray("toolResults");
        assertEquals(1, results.size());
        assertEquals("error", results.getJsonObject(0).getString("status"));
        JsonObject spec = cur.getJsonObject("userInputMessageContext").getJsonArray("tools").getJsonObject(0)
                .getJsonObject("toolSpecification");
        assertEquals("Grep", spec.getString("name"));
        assertEquals("Tool used in conversation history", spec.getString("description"));
        assertEquals(Jsons.parseObject("{\"type\":\"object\",\"properties\":{},\"required\":[],\"additionalProperties\":true}"),
                spec.getJsonObject("inputSchema").getJsonObject("json"));
        assertFalse(r.body().toString().contains("prefill"));
    }

    @Test
    void toolSpecsAreNormalisedShortenedCutAndDeduplicated() throws GatewayException {
        String longName = "mcp__server__" + "x".repeat(60);
        String desc = "d".repeat(9_999) + "\uD83D\uDE00" + "tail";
        JsonObject badSchema = Jsons.parseObject("{\"type\":\"\",\"properties\":null,\"required\":null,"
                + "\"$defs\":{\"n\":{\"type\":\"\",\"properties\":null,\"required\":[\"a\",3]}}}");
        ChatRequest req = ChatRequest.builder("claude-sonnet-4-5")
                .addTool(new Tool(longName, desc, badSchema))
                .addTool(new Tool("read", "dup", READ_SCHEMA))
                .addTool(new Tool("READ", "dup2", READ_SCHEMA))
                .addTool(new Tool("web_search", null, JsonValue.EMPTY_JSON_OBJECT, null, false, "web_search_20250305", null))
                .addMessage(new Message(Role.USER, List.of(new ContentBlock.Text("go"))))
                .build();
        KiroRequest r = converter().convert(req, SONNET, null);
        JsonArray tools = current(r).getJsonObject("userInputMessageContext").getJsonArray("tools");
        assertEquals(2, tools.size(), "duplicate (case-insensitive) and server tools are left out");
        JsonObject first = tools.getJsonObject(0).getJsonObject("toolSpecification");
        String sent = first.getString("name");
        assertEquals(63, sent.length());
        assertTrue(sent.startsWith(longName.substring(0, 54) + "_"));
        assertEquals(longName, r.toolNames().toOriginal(sent));
        assertEquals(9_999, first.getString("description").length(), "cut before a split surrogate pair");
        assertEquals(Jsons.parseObject("{\"type\":\"object\",\"properties\":{},\"required\":[],"
                + "\"$defs\":{\"n\":{\"properties\":{},\"required\":[\"a\"]}}}"),
                first.getJsonObject("inputSchema").getJsonObject("json"));
        assertEquals("read", tools.getJsonObject(1).getJsonObject("toolSpecification").getString("name"));
    }

    @Test
    void imagesReachUpstreamAndUnsupportedContentIsA400() throws GatewayException {
        ChatRequest withImage = ChatRequest.builder("claude-sonnet-4-5").addMessage(new Message(Role.USER, List.of(
                new ContentBlock.Image(dev.switchboard.spi.model.MediaSource.base64("image/jpeg", "AAAA"), null),
                new ContentBlock.Text("what is it?")))).build();
        KiroRequest r = converter().convert(withImage, SONNET, null);
        assertEquals(Json.createArrayBuilder().add(Jsons.parseObject("{\"format\":\"jpeg\",\"source\":{\"bytes\":\"AAAA\"}}"))
                .build(), current(r).getJsonArray("images"));
        assertTrue(r.inputTokens() >= 1600, "an image counts 1600");

        List<ContentBlock> bad = List.of(
                new ContentBlock.Image(dev.switchboard.spi.model.MediaSource.url("https://x/y.png"), null),
                new ContentBlock.Image(dev.switchboard.spi.model.MediaSource.base64("image/bmp", "AA"), null),
                new ContentBlock.Document(dev.switchboard.spi.model.MediaSource.base64("application/pdf", "AA"), null, null, null),
                new ContentBlock.Opaque(Jsons.parseObject("{\"type\":\"server_tool_use\",\"id\":\"s\"}")));
        for (ContentBlock b : bad) {
            ChatRequest req = ChatRequest.builder("m").addMessage(new Message(Role.USER, List.of(b))).build();
            GatewayException e = assertThrows(GatewayException.class, () -> converter().convert(req, SONNET, null));
            assertEquals(ErrorKind.INVALID_REQUEST, e.kind(), b.toString());
        }
        ChatRequest doc = ChatRequest.builder("m").addMessage(new Message(Role.USER, List.of(new ContentBlock.Document(
                dev.switchboard.spi.model.MediaSource.text("file body"), "notes.txt", null, null)))).build();
        assertEquals("notes.txt\nfile body", current(converter().convert(doc, SONNET, null)).getString("content"));
        ChatRequest none = ChatRequest.builder("m").addMessage(Message.assistant("only me")).build();
        assertEquals(ErrorKind.INVALID_REQUEST,
                assertThrows(GatewayException.class, () -> converter().convert(none, SONNET, null)).kind());
    }

    @Test
    void thinkingIsIgnoredByDefaultAndSentAsTagsInPromptTagsMode() throws GatewayException {
        ChatRequest req = ChatRequest.builder("claude-sonnet-4-5")
                .thinking(dev.switchboard.spi.model.ThinkingConfig.enabled(2048))
                .addMessage(Message.user("q1"))
                .addMessage(new Message(Role.ASSISTANT, List.of(new ContentBlock.Thinking("hmm", "sig"),
                        new ContentBlock.Text("a1"))))
                .addMessage(Message.user("q2")).build();
        KiroRequest off = converter().convert(req, SONNET, null);
        assertFalse(off.body().toString().contains("hmm"));
        assertFalse(off.thinkingTags());
        KiroRequest tags = converter(ConversionOptions.defaults().withThinkingMode(ConversionOptions.ThinkingMode.PROMPT_TAGS))
                .convert(req, SONNET, null);
        assertTrue(tags.thinkingTags());
        assertEquals("<thinking_mode>enabled</thinking_mode><max_thinking_length>2048</max_thinking_length>",
                history(tags).getJsonObject(0).getJsonObject("userInputMessage").getString("content"));
        assertEquals("<thinking>hmm</thinking>\n\na1",
                history(tags).getJsonObject(3).getJsonObject("assistantResponseMessage").getString("content"));
    }

    @Test
    void anOversizeBodyIsRejectedBeforeAnyUpstreamCall() {
        ChatRequest big = ChatRequest.builder("claude-sonnet-4-5").addMessage(Message.user("x".repeat(5_000))).build();
        GatewayException e = assertThrows(GatewayException.class,
                () -> converter(ConversionOptions.defaults().withMaxBodyBytes(2_000)).convert(big, SONNET, null));
        assertEquals(ErrorKind.CONTEXT_TOO_LONG, e.kind());
        assertTrue(e.getMessage().startsWith("prompt is too long: "), e.getMessage());
    }

    @Test
    void trimOldestDropsWholePairsButKeepsTheSystemPairAndTheAnsweredCall() throws GatewayException {
        JsonObject in = Jsons.parseObject("{}");
        List<Message> msgs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            msgs.add(Message.user("old question " + i + " " + "y".repeat(400)));
            msgs.add(Message.assistant("old answer " + i));
        }
        msgs.add(Message.user("call a tool"));
        msgs.add(new Message(Role.ASSISTANT, List.of(new ContentBlock.ToolUse("keep", "Read", in))));
        msgs.add(new Message(Role.USER, List.of(new ContentBlock.ToolResult("keep",
                List.of(new ContentBlock.Text("result")), false, null))));
        ChatRequest req = ChatRequest.builder("claude-sonnet-4-5").addSystem(new ContentBlock.Text("sys"))
                .messages(msgs).build();
        ConversionOptions o = ConversionOptions.defaults().withOverflow(ConversionOptions.Overflow.TRIM_OLDEST)
                .withMaxBodyBytes(1_800);
        KiroRequest r = converter(o).convert(req, SONNET, null);
        assertTrue(r.bytes().length <= 1_800, "fits: " + r.bytes().length);
        JsonArray h = history(r);
        assertEquals("sys", h.getJsonObject(0).getJsonObject("userInputMessage").getString("content"));
        assertEquals("keep", h.getJsonObject(h.size() - 1).getJsonObject("assistantResponseMessage")
                .getJsonArray("toolUses").getJsonObject(0).getString("toolUseId"));
        assertFalse(r.body().toString().contains("old question 0"));
        assertAlternates(r, "trimmed");
        assertNotEquals(0, current(r).getJsonObject("userInputMessageContext").getJsonArray("toolResults").size());

        ConversionOptions tiny = o.withMaxBodyBytes(300);
        assertEquals(ErrorKind.CONTEXT_TOO_LONG,
                assertThrows(GatewayException.class, () -> converter(tiny).convert(req, SONNET, null)).kind());
    }

    @Test
    void emptyHistoryAndContextKeysAreOmitted() throws GatewayException {
        KiroRequest r = converter().convert(ChatRequest.builder("m").addMessage(Message.user("hi")).build(), SONNET, null);
        assertNull(Jsons.arr(state(r), "history"));
        assertFalse(current(r).containsKey("userInputMessageContext"));
        assertFalse(current(r).containsKey("images"));
        assertEquals("MANUAL", state(r).getString("chatTriggerType"));
        assertEquals("AI_EDITOR", current(r).getString("origin"));
        assertEquals("claude-sonnet-4.5", current(r).getString("modelId"));
    }

    static void assertAlternates(KiroRequest r, String name) {
        JsonArray h = history(r);
        assertEquals(0, h.size() % 2, name + ": history ends with an assistant entry");
        for (int i = 0; i < h.size(); i++) {
            String key = i % 2 == 0 ? "userInputMessage" : "assistantResponseMessage";
            JsonObject e = h.getJsonObject(i);
            assertTrue(e.containsKey(key), name + ": entry " + i + " is " + e.keySet());
            String content = e.getJsonObject(key).getString("content");
            assertFalse(content.isEmpty(), name + ": entry " + i + " has content");
            if (i % 2 == 0) {
                JsonObject ctx = Jsons.obj(e.getJsonObject(key), "userInputMessageContext");
                assertTrue(ctx == null || !ctx.containsKey("tools"), name + ": tools only on currentMessage");
            }
        }
        assertFalse(current(r).getString("content").isEmpty());
    }

    static int occurrences(String hay, String needle) {
        int n = 0;
        for (int i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
