package dev.switchboard.wire.anthropic;

import dev.switchboard.kernel.dialect.anthropic.AnthropicRequestReader;
import dev.switchboard.kernel.dialect.anthropic.AnthropicRequestReaderTest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.HttpHeaders;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.CacheControl;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.Message;
import dev.switchboard.spi.model.Role;
import dev.switchboard.spi.model.Tool;
import dev.switchboard.spi.model.ToolChoice;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnthropicRequestWriterTest {
    private static final AnthropicRequestWriter CONVERTING = new AnthropicRequestWriter(AnthropicRequestWriter.Options.forModel(null));
    private static final AnthropicRequestWriter IN_PLACE = new AnthropicRequestWriter(
            AnthropicRequestWriter.Options.forModel(null).withSystemMessagesInPlace(true));

    private static ChatRequest request(Message... messages) {
        return ChatRequest.builder("m").maxTokens(100).messages(List.of(messages)).build();
    }

    private static Message msg(Role role, ContentBlock... blocks) {
        return new Message(role, List.of(blocks));
    }

    private static JsonArray messages(JsonObject body) {
        return body.getJsonArray("messages");
    }

    @Test
    void claudeCodeTurnOneSystemMessageMergesIntoThePreviousUserMessage() {
        ChatRequest r = request(
                msg(Role.USER, new ContentBlock.Text("<system-reminder>\nctx\n</system-reminder>"), new ContentBlock.Text("say hi")),
                msg(Role.SYSTEM, new ContentBlock.Text("env: linux", CacheControl.EPHEMERAL)));
        JsonArray out = messages(CONVERTING.write(r));
        assertEquals(1, out.size());
        assertEquals(Jsons.parseObject("""
                {"role":"user","content":[
                  {"type":"text","text":"<system-reminder>\\nctx\\n</system-reminder>"},
                  {"type":"text","text":"say hi"},
                  {"type":"text","text":"<system-reminder>\\nenv: linux\\n</system-reminder>","cache_control":{"type":"ephemeral"}}]}"""),
                out.getJsonObject(0));
    }

    @Test
    void systemMessageMergesIntoTheNextUserMessageAfterItsToolResults() {
        ChatRequest r = request(
                Message.user("run ls"),
                msg(Role.ASSISTANT, new ContentBlock.ToolUse("t1", "Bash", Jsons.parseObject("{\"command\":\"ls\"}"))),
                msg(Role.SYSTEM, new ContentBlock.Text("first"), new ContentBlock.Text("second")),
                msg(Role.USER, new ContentBlock.ToolResult("t1", List.of(new ContentBlock.Text("a.txt")), false, null),
                        new ContentBlock.Text("thanks")));
        JsonArray out = messages(CONVERTING.write(r));
        assertEquals(3, out.size());
        assertEquals(List.of("user", "assistant", "user"), out.stream().map(v -> v.asJsonObject().getString("role")).toList());
        JsonArray last = out.getJsonObject(2).getJsonArray("content");
        assertEquals("tool_result", last.getJsonObject(0).getString("type"), "tool results stay first");
        assertEquals("<system-reminder>\nfirst\n\nsecond\n</system-reminder>", last.getJsonObject(1).getString("text"));
        assertEquals("thanks", last.getJsonObject(2).getString("text"));
    }

    @Test
    void systemMessageBetweenAssistantsBecomesAUserMessageAndRunsStayTogether() {
        ChatRequest r = request(
                Message.user("hi"),
                Message.assistant("hello"),
                msg(Role.SYSTEM, new ContentBlock.Text("one")),
                msg(Role.SYSTEM, new ContentBlock.Text("two")));
        JsonArray out = messages(CONVERTING.write(r));
        assertEquals(3, out.size());
        JsonObject added = out.getJsonObject(2);
        assertEquals("user", added.getString("role"));
        assertEquals(List.of("<system-reminder>\none\n</system-reminder>", "<system-reminder>\ntwo\n</system-reminder>"),
                added.getJsonArray("content").stream().map(v -> v.asJsonObject().getString("text")).toList());
    }

    @Test
    void systemMessagesStayInPlaceWithPerTurnControl() {
        ChatRequest r = request(Message.user("hi"), msg(Role.SYSTEM, new ContentBlock.Text("env", CacheControl.EPHEMERAL)));
        JsonArray out = messages(IN_PLACE.write(r));
        assertEquals(2, out.size());
        assertEquals(Jsons.parseObject("{\"role\":\"system\",\"content\":[{\"type\":\"text\",\"text\":\"env\",\"cache_control\":{\"type\":\"ephemeral\"}}]}"),
                out.getJsonObject(1));
    }

    @Test
    void unsignedThinkingAndEmptyTextAreNotSentUpstream() {
        ChatRequest r = request(
                Message.user("q"),
                msg(Role.ASSISTANT, new ContentBlock.Thinking("foreign", ""), new ContentBlock.Thinking("own", "sig"),
                        new ContentBlock.RedactedThinking("enc"), new ContentBlock.Text(""), new ContentBlock.Text("answer")),
                msg(Role.USER, new ContentBlock.Text("")),
                msg(Role.ASSISTANT, new ContentBlock.Thinking("only foreign", "")));
        JsonArray out = messages(CONVERTING.write(r));
        assertEquals(3, out.size(), "the trailing assistant left empty is dropped");
        assertEquals(Jsons.parseValue("""
                [{"type":"thinking","thinking":"own","signature":"sig"},{"type":"redacted_thinking","data":"enc"},
                 {"type":"text","text":"answer"}]"""), out.getJsonObject(1).get("content"));
        assertEquals(Json.createValue("."), out.getJsonObject(2).get("content"), "an emptied turn keeps a placeholder");
    }

    @Test
    void writesTopLevelFieldsToolsAndExtensions() {
        Tool fn = new Tool("Bash", "run", Jsons.parseObject("{\"type\":\"object\"}"), CacheControl.EPHEMERAL, false, null, Map.of());
        Tool deferred = new Tool("Later", null, Jsons.parseObject("{\"type\":\"object\"}"), null, true, "custom",
                Map.of("strict", JsonValue.TRUE));
        Tool server = new Tool("web_search", null, Jsons.parseObject("{\"type\":\"object\",\"properties\":{}}"), null, false,
                "web_search_20250305", Map.of("max_uses", Json.createValue(3)));
        ChatRequest r = ChatRequest.builder("client-model")
                .system(List.of(new ContentBlock.Text("a", CacheControl.EPHEMERAL), new ContentBlock.Text(""), new ContentBlock.Text("b")))
                .messages(List.of(Message.user("hi")))
                .tools(List.of(fn, deferred, server))
                .toolChoice(new ToolChoice(ToolChoice.Type.AUTO, null, true))
                .temperature(1.0).topK(5).stopSequences(List.of("X")).stream(true)
                .thinking(dev.switchboard.spi.model.ThinkingConfig.enabled(2048))
                .effort("medium").outputFormat(Jsons.parseObject("{\"type\":\"json_schema\"}"))
                .userId("u1")
                .extension("context_management", Jsons.parseObject("{\"edits\":[]}"))
                .extension(AnthropicRequestWriter.OUTPUT_CONFIG, Jsons.parseObject("{\"future\":true}"))
                .extension("model", Json.createValue("must not override"))
                .build();
        AnthropicRequestWriter w = new AnthropicRequestWriter(AnthropicRequestWriter.Options.forModel("upstream-model"));
        JsonObject body = w.write(r);

        assertEquals("upstream-model", body.getString("model"));
        assertEquals(4096, body.getInt("max_tokens"), "default when the request has none");
        assertEquals(Jsons.parseValue("[{\"type\":\"text\",\"text\":\"a\",\"cache_control\":{\"type\":\"ephemeral\"}},{\"type\":\"text\",\"text\":\"b\"}]"),
                body.get("system"));
        assertEquals(Jsons.parseValue("""
                [{"name":"Bash","description":"run","input_schema":{"type":"object"},"cache_control":{"type":"ephemeral"}},
                 {"type":"custom","name":"Later","input_schema":{"type":"object"},"defer_loading":true,"strict":true},
                 {"type":"web_search_20250305","name":"web_search","max_uses":3}]"""), body.get("tools"));
        assertEquals(Jsons.parseObject("{\"type\":\"auto\",\"disable_parallel_tool_use\":true}"), body.getJsonObject("tool_choice"));
        assertEquals(1.0, body.getJsonNumber("temperature").doubleValue());
        assertEquals(5, body.getInt("top_k"));
        assertFalse(body.containsKey("top_p"));
        assertEquals(Jsons.parseValue("[\"X\"]"), body.get("stop_sequences"));
        assertTrue(body.getBoolean("stream"));
        assertEquals(Jsons.parseObject("{\"type\":\"enabled\",\"budget_tokens\":2048}"), body.getJsonObject("thinking"));
        assertEquals(Jsons.parseObject("{\"future\":true,\"effort\":\"medium\",\"format\":{\"type\":\"json_schema\"}}"),
                body.getJsonObject("output_config"));
        assertEquals(Jsons.parseObject("{\"user_id\":\"u1\"}"), body.getJsonObject("metadata"));
        assertEquals(Jsons.parseObject("{\"edits\":[]}"), body.getJsonObject("context_management"));

        JsonObject without = new AnthropicRequestWriter(AnthropicRequestWriter.Options.forModel(null).withIncludeExtensions(false)
                .withDefaultMaxTokens(64)).write(r);
        assertEquals("client-model", without.getString("model"));
        assertEquals(64, without.getInt("max_tokens"));
        assertFalse(without.containsKey("context_management"));
        assertEquals(Jsons.parseObject("{\"effort\":\"medium\",\"format\":{\"type\":\"json_schema\"}}"),
                without.getJsonObject("output_config"));
    }

    @Test
    void readWriteReadKeepsTheCanonicalRequest() throws Exception {
        JsonObject original = Jsons.parseObject(AnthropicRequestReaderTest.FULL);
        HttpHeaders h = HttpHeaders.create().set("anthropic-beta", "per-turn-control-2026-07-01");
        ChatRequest first = AnthropicRequestReader.readMessages(original, h);
        JsonObject written = IN_PLACE.write(first);
        ChatRequest second = AnthropicRequestReader.readMessages(written, h);
        assertEquals(first, second);
        assertEquals(original.keySet(), written.keySet(), "every field the client sent, unknown ones included");
        assertEquals(original.get("tools"), written.get("tools"), "tool definitions are byte-identical");
        assertEquals(original.get("system"), written.get("system"));
    }

    @Test
    void betasParseMergeRemoveJoin() {
        assertEquals(List.of("a", "b", "c"), AnthropicBetas.parse(" a, b ,,a , c "));
        assertEquals(List.of(), AnthropicBetas.parse((String) null));
        assertEquals(List.of("a", "b", "c"), AnthropicBetas.parse(List.of("a,b", " b , c")));
        assertEquals(List.of("a", "b", "x"), AnthropicBetas.merge(List.of("a", "b"), List.of("b", " x")));
        assertEquals(List.of("a"), AnthropicBetas.remove(List.of("a, b"), List.of("b", "zzz")));
        assertEquals("a, b, c", AnthropicBetas.join(List.of("a ,b", "a", "c")));
        assertEquals("", AnthropicBetas.join(List.of()));
    }
}
