package dev.switchboard.kernel.dialect.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.HttpHeaders;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.CacheControl;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.MediaSource;
import dev.switchboard.spi.model.Message;
import dev.switchboard.spi.model.Role;
import dev.switchboard.spi.model.SignatureOrigin;
import dev.switchboard.spi.model.ThinkingConfig;
import dev.switchboard.spi.model.Tool;
import dev.switchboard.spi.model.ToolChoice;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

public class AnthropicRequestReaderTest {

    /** A body with every field and block kind the reader models, plus unknown ones. */
    public static final String FULL = """
            {"model":"claude-opus-5-5","max_tokens":2048,
             "system":[{"type":"text","text":"billing"},{"type":"text","text":"You are helpful.","cache_control":{"type":"ephemeral","ttl":"1h"}}],
             "messages":[
               {"role":"user","content":"hello"},
               {"role":"user","content":[
                 {"type":"text","text":"look","cache_control":{"type":"ephemeral"}},
                 {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBO"}},
                 {"type":"image","source":{"type":"url","url":"https://x.test/a.png"}},
                 {"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBE"},"title":"T","context":"C","citations":{"enabled":true}},
                 {"type":"document","source":{"type":"text","media_type":"text/plain","data":"plain doc"}},
                 {"type":"document","source":{"type":"url","url":"https://x.test/a.pdf"}},
                 {"type":"search_result","source":"https://s","title":"S","content":[{"type":"text","text":"r"}]}]},
               {"role":"system","content":[{"type":"text","text":"env info","cache_control":{"type":"ephemeral"}}]},
               {"role":"assistant","content":[
                 {"type":"thinking","thinking":"hmm","signature":"sig1"},
                 {"type":"redacted_thinking","data":"enc"},
                 {"type":"text","text":"cited","citations":[{"type":"char_location","cited_text":"x"}]},
                 {"type":"tool_use","id":"toolu_1","name":"Bash","input":{"command":"ls"}},
                 {"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{"query":"q"}}]},
               {"role":"user","content":[
                 {"type":"tool_result","tool_use_id":"toolu_1","content":"a.txt\\nb.md","is_error":false,"cache_control":{"type":"ephemeral"}},
                 {"type":"tool_result","tool_use_id":"toolu_2","content":[{"type":"text","text":"bad"},{"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"/9j"}}],"is_error":true},
                 {"type":"tool_result","tool_use_id":"toolu_3"}]}],
             "tools":[
               {"name":"Bash","description":"run","input_schema":{"type":"object","properties":{"command":{"type":"string"}}},"cache_control":{"type":"ephemeral"}},
               {"type":"custom","name":"Later","description":"d","input_schema":{"type":"object"},"defer_loading":true,"strict":true},
               {"type":"web_search_20250305","name":"web_search","max_uses":5}],
             "tool_choice":{"type":"tool","name":"Bash","disable_parallel_tool_use":true},
             "temperature":0.5,"top_p":0.9,"top_k":40,"stop_sequences":["END","STOP"],"stream":true,
             "thinking":{"type":"enabled","budget_tokens":1024,"display":"omitted"},
             "output_config":{"effort":"high","format":{"type":"json_schema","schema":{"type":"object"}},"future_knob":1},
             "metadata":{"user_id":"{\\"device_id\\":\\"d\\",\\"session_id\\":\\"s\\"}"},
             "context_management":{"edits":[{"type":"clear_thinking_20251015","keep":"all"}]},
             "service_tier":"auto","container":null}
            """;

    static ChatRequest read(String json) throws GatewayException {
        return AnthropicRequestReader.readMessages(Jsons.parseObject(json), null);
    }

    @Test
    void readsEveryTopLevelField() throws Exception {
        HttpHeaders h = HttpHeaders.create()
                .add("anthropic-beta", " per-turn-control-2026-07-01 , effort-2025-11-24,,")
                .add("Anthropic-Beta", "context-management-2025-06-27, effort-2025-11-24");
        ChatRequest r = AnthropicRequestReader.readMessages(Jsons.parseObject(FULL), h);

        assertEquals("claude-opus-5-5", r.model());
        assertEquals(2048, r.maxTokens());
        assertEquals(List.of(new ContentBlock.Text("billing"),
                new ContentBlock.Text("You are helpful.", new CacheControl("ephemeral", "1h"))), r.system());
        assertEquals(0.5, r.temperature());
        assertEquals(0.9, r.topP());
        assertEquals(40, r.topK());
        assertEquals(List.of("END", "STOP"), r.stopSequences());
        assertTrue(r.stream());
        assertEquals(new ThinkingConfig(ThinkingConfig.Mode.ENABLED, 1024, "omitted"), r.thinking());
        assertEquals("high", r.effort());
        assertEquals(Jsons.parseObject("{\"type\":\"json_schema\",\"schema\":{\"type\":\"object\"}}"), r.outputFormat());
        assertEquals("{\"device_id\":\"d\",\"session_id\":\"s\"}", r.userId());
        assertEquals(new ToolChoice(ToolChoice.Type.TOOL, "Bash", true), r.toolChoice());
        assertEquals(List.of("per-turn-control-2026-07-01", "effort-2025-11-24", "context-management-2025-06-27"), r.betas());

        // Unknown top-level fields verbatim (JSON null included), plus the unmodelled output_config rest.
        assertEquals(List.of("output_config", "context_management", "service_tier", "container"),
                new ArrayList<>(r.extensions().keySet()));
        assertEquals(Jsons.parseObject("{\"future_knob\":1}"), r.extensions().get("output_config"));
        assertEquals(Json.createValue("auto"), r.extensions().get("service_tier"));
        assertEquals(JsonValue.NULL, r.extensions().get("container"));
    }

    @Test
    void readsEveryBlockKind() throws Exception {
        List<Message> m = read(FULL).messages();
        assertEquals(List.of(Role.USER, Role.USER, Role.SYSTEM, Role.ASSISTANT, Role.USER),
                m.stream().map(Message::role).toList());
        assertEquals(List.of(new ContentBlock.Text("hello")), m.get(0).content());

        List<ContentBlock> user = m.get(1).content();
        assertEquals(new ContentBlock.Text("look", CacheControl.EPHEMERAL), user.get(0));
        assertEquals(new ContentBlock.Image(MediaSource.base64("image/png", "iVBO"), null), user.get(1));
        assertEquals(new ContentBlock.Image(MediaSource.url("https://x.test/a.png"), null), user.get(2));
        assertEquals(new ContentBlock.Document(MediaSource.base64("application/pdf", "JVBE"), "T", "C", null,
                Jsons.parseObject("{\"enabled\":true}")), user.get(3));
        assertEquals(new ContentBlock.Document(MediaSource.text("plain doc"), null, null, null), user.get(4));
        assertEquals(new ContentBlock.Document(MediaSource.url("https://x.test/a.pdf"), null, null, null), user.get(5));
        ContentBlock.Opaque search = assertInstanceOf(ContentBlock.Opaque.class, user.get(6));
        assertEquals("search_result", search.type());
        assertEquals("https://s", search.raw().getString("source"));

        assertEquals(List.of(new ContentBlock.Text("env info", CacheControl.EPHEMERAL)), m.get(2).content());

        List<ContentBlock> assistant = m.get(3).content();
        assertEquals(new ContentBlock.Thinking("hmm", "sig1", SignatureOrigin.ANTHROPIC), assistant.get(0));
        assertEquals(new ContentBlock.RedactedThinking("enc", SignatureOrigin.ANTHROPIC_REDACTED), assistant.get(1));
        assertEquals(new ContentBlock.Text("cited", null,
                Json.createArrayBuilder().add(Json.createObjectBuilder().add("type", "char_location").add("cited_text", "x")).build()),
                assistant.get(2));
        assertEquals(new ContentBlock.ToolUse("toolu_1", "Bash", Jsons.parseObject("{\"command\":\"ls\"}")), assistant.get(3));
        assertEquals("server_tool_use", assertInstanceOf(ContentBlock.Opaque.class, assistant.get(4)).type());

        List<ContentBlock> results = m.get(4).content();
        assertEquals(new ContentBlock.ToolResult("toolu_1", List.of(new ContentBlock.Text("a.txt\nb.md")), false,
                CacheControl.EPHEMERAL), results.get(0));
        assertEquals(new ContentBlock.ToolResult("toolu_2", List.of(new ContentBlock.Text("bad"),
                new ContentBlock.Image(MediaSource.base64("image/jpeg", "/9j"), null)), true, null), results.get(1));
        assertEquals(new ContentBlock.ToolResult("toolu_3", List.of(), false, null), results.get(2));
    }

    @Test
    void readsToolsIncludingServerToolsAndDeferLoading() throws Exception {
        List<Tool> tools = read(FULL).tools();
        assertEquals(3, tools.size());
        Tool bash = tools.get(0);
        assertEquals("Bash", bash.name());
        assertEquals("run", bash.description());
        assertEquals(CacheControl.EPHEMERAL, bash.cacheControl());
        assertNull(bash.type());
        assertTrue(bash.isFunction());
        assertEquals("string", bash.inputSchema().getJsonObject("properties").getJsonObject("command").getString("type"));

        Tool later = tools.get(1);
        assertEquals("custom", later.type());
        assertTrue(later.deferLoading());
        assertEquals(Map.of("strict", JsonValue.TRUE), later.extensions());

        Tool search = tools.get(2);
        assertEquals("web_search_20250305", search.type());
        assertFalse(search.isFunction());
        assertEquals(Map.of("max_uses", Json.createValue(5)), search.extensions());
    }

    @Test
    void thinkingModesAndMinimalBody() throws Exception {
        ChatRequest adaptive = read("""
                {"model":"m","max_tokens":1,"messages":[{"role":"user","content":"x"}],
                 "thinking":{"type":"adaptive","display":"updates"},"system":"be brief"}""");
        assertEquals(new ThinkingConfig(ThinkingConfig.Mode.ADAPTIVE, null, "updates"), adaptive.thinking());
        assertEquals(List.of(new ContentBlock.Text("be brief")), adaptive.system());
        assertFalse(adaptive.stream());
        assertTrue(adaptive.extensions().isEmpty());
        assertTrue(adaptive.betas().isEmpty());

        ChatRequest disabled = read("""
                {"model":"m","max_tokens":1,"messages":[{"role":"user","content":"x"}],"thinking":{"type":"disabled"},
                 "tool_choice":{"type":"any"},"system":""}""");
        assertEquals(ThinkingConfig.Mode.DISABLED, disabled.thinking().mode());
        assertEquals(new ToolChoice(ToolChoice.Type.ANY, null, false), disabled.toolChoice());
        assertTrue(disabled.system().isEmpty(), "an empty system string yields no block");
    }

    @Test
    void countTokensDoesNotNeedMaxTokens() throws Exception {
        JsonObject body = Jsons.parseObject("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"foo\"}]}");
        ChatRequest r = AnthropicRequestReader.readCountTokens(body, null);
        assertNull(r.maxTokens());
        GatewayException e = assertThrows(GatewayException.class, () -> AnthropicRequestReader.readMessages(body, null));
        assertEquals("max_tokens", e.param());
    }

    @Test
    void bytesThatAreNotAnObjectAreInvalid() {
        for (String bad : List.of("", "not json", "[1,2]", "{\"model\":")) {
            GatewayException e = assertThrows(GatewayException.class,
                    () -> AnthropicRequestReader.readMessages(bad.getBytes(StandardCharsets.UTF_8), null));
            assertEquals(ErrorKind.INVALID_REQUEST, e.kind(), bad);
        }
    }

    static Stream<Arguments> malformed() {
        String u = "{\"role\":\"user\",\"content\":";
        return Stream.of(
                Arguments.of("{\"max_tokens\":1,\"messages\":[" + u + "\"x\"}]}", "model"),
                Arguments.of("{\"model\":7,\"max_tokens\":1,\"messages\":[" + u + "\"x\"}]}", "model"),
                Arguments.of("{\"model\":\"\",\"max_tokens\":1,\"messages\":[" + u + "\"x\"}]}", "model"),
                Arguments.of("{\"model\":\"m\",\"max_tokens\":1}", "messages"),
                Arguments.of("{\"model\":\"m\",\"max_tokens\":1,\"messages\":{}}", "messages"),
                Arguments.of("{\"model\":\"m\",\"max_tokens\":1,\"messages\":[]}", "messages"),
                Arguments.of("{\"model\":\"m\",\"messages\":[" + u + "\"x\"}]}", "max_tokens"),
                Arguments.of(body("\"max_tokens\":\"1\""), "max_tokens"),
                Arguments.of(body("\"max_tokens\":1.5"), "max_tokens"),
                Arguments.of(body("\"max_tokens\":99999999999"), "max_tokens"),
                Arguments.of(withMessages("\"x\""), "messages[1]"),
                Arguments.of(withMessages("{\"role\":\"tool\",\"content\":\"x\"}"), "messages[1].role"),
                Arguments.of(withMessages("{\"content\":\"x\"}"), "messages[1].role"),
                Arguments.of(withMessages("{\"role\":\"user\"}"), "messages[1].content"),
                Arguments.of(withMessages(u + "5}"), "messages[1].content"),
                Arguments.of(withMessages(u + "[7]}"), "messages[1].content[0]"),
                Arguments.of(withMessages(u + "[{\"text\":\"x\"}]}"), "messages[1].content[0].type"),
                Arguments.of(withMessages(u + "[{\"type\":3}]}"), "messages[1].content[0].type"),
                Arguments.of(withMessages(u + "[{\"type\":\"text\"}]}"), "messages[1].content[0].text"),
                Arguments.of(withMessages(u + "[{\"type\":\"text\",\"text\":\"x\",\"cache_control\":\"yes\"}]}"),
                        "messages[1].content[0].cache_control"),
                Arguments.of(withMessages(u + "[{\"type\":\"text\",\"text\":\"x\",\"citations\":{}}]}"),
                        "messages[1].content[0].citations"),
                Arguments.of(withMessages("{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"name\":\"B\",\"input\":{}}]}"),
                        "messages[1].content[0].id"),
                Arguments.of(withMessages("{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t\",\"input\":{}}]}"),
                        "messages[1].content[0].name"),
                Arguments.of(withMessages("{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"B\",\"input\":\"{}\"}]}"),
                        "messages[1].content[0].input"),
                Arguments.of(withMessages(u + "[{\"type\":\"tool_result\",\"content\":\"x\"}]}"),
                        "messages[1].content[0].tool_use_id"),
                Arguments.of(withMessages(u + "[{\"type\":\"tool_result\",\"tool_use_id\":\"t\",\"content\":3}]}"),
                        "messages[1].content[0].content"),
                Arguments.of(withMessages(u + "[{\"type\":\"tool_result\",\"tool_use_id\":\"t\",\"content\":[{\"type\":\"text\"}]}]}"),
                        "messages[1].content[0].content[0].text"),
                Arguments.of(withMessages(u + "[{\"type\":\"tool_result\",\"tool_use_id\":\"t\",\"is_error\":\"no\"}]}"),
                        "messages[1].content[0].is_error"),
                Arguments.of(withMessages(u + "[{\"type\":\"image\"}]}"), "messages[1].content[0].source"),
                Arguments.of(withMessages(u + "[{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\"}}]}"),
                        "messages[1].content[0].source.data"),
                Arguments.of(withMessages(u + "[{\"type\":\"document\",\"source\":{\"type\":\"url\"}}]}"),
                        "messages[1].content[0].source.url"),
                Arguments.of(withMessages("{\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\",\"signature\":\"s\"}]}"),
                        "messages[1].content[0].thinking"),
                Arguments.of(withMessages("{\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"t\",\"signature\":5}]}"),
                        "messages[1].content[0].signature"),
                Arguments.of(withMessages("{\"role\":\"assistant\",\"content\":[{\"type\":\"redacted_thinking\"}]}"),
                        "messages[1].content[0].data"),
                Arguments.of(body("\"temperature\":\"hot\""), "temperature"),
                Arguments.of(body("\"top_p\":[]"), "top_p"),
                Arguments.of(body("\"top_k\":1.5"), "top_k"),
                Arguments.of(body("\"stop_sequences\":\"END\""), "stop_sequences"),
                Arguments.of(body("\"stop_sequences\":[\"a\",1]"), "stop_sequences[1]"),
                Arguments.of(body("\"stream\":\"yes\""), "stream"),
                Arguments.of(body("\"system\":5"), "system"),
                Arguments.of(body("\"system\":[{\"type\":\"image\",\"source\":{}}]"), "system[0].type"),
                Arguments.of(body("\"system\":[{\"type\":\"text\",\"text\":1}]"), "system[0].text"),
                Arguments.of(body("\"tools\":{}"), "tools"),
                Arguments.of(body("\"tools\":[{\"input_schema\":{}}]"), "tools[0].name"),
                Arguments.of(body("\"tools\":[{\"name\":\"a\"},{\"name\":\"b\",\"input_schema\":\"{}\"}]"), "tools[1].input_schema"),
                Arguments.of(body("\"tools\":[{\"name\":\"a\",\"defer_loading\":\"yes\"}]"), "tools[0].defer_loading"),
                Arguments.of(body("\"tools\":[{\"name\":\"a\",\"cache_control\":{}}]"), "tools[0].cache_control.type"),
                Arguments.of(body("\"tool_choice\":\"auto\""), "tool_choice"),
                Arguments.of(body("\"tool_choice\":{\"type\":\"required\"}"), "tool_choice.type"),
                Arguments.of(body("\"tool_choice\":{\"type\":\"tool\"}"), "tool_choice.name"),
                Arguments.of(body("\"tool_choice\":{\"type\":\"auto\",\"disable_parallel_tool_use\":1}"),
                        "tool_choice.disable_parallel_tool_use"),
                Arguments.of(body("\"thinking\":{\"type\":\"on\"}"), "thinking.type"),
                Arguments.of(body("\"thinking\":{\"type\":\"enabled\"}"), "thinking.budget_tokens"),
                Arguments.of(body("\"thinking\":{\"type\":\"adaptive\",\"display\":false}"), "thinking.display"),
                Arguments.of(body("\"output_config\":{\"effort\":3}"), "output_config.effort"),
                Arguments.of(body("\"output_config\":{\"format\":\"json\"}"), "output_config.format"),
                Arguments.of(body("\"metadata\":\"u\""), "metadata"),
                Arguments.of(body("\"metadata\":{\"user_id\":42}"), "metadata.user_id"));
    }

    private static String body(String extra) {
        return "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]," + extra + "}";
    }

    private static String withMessages(String second) {
        return "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}," + second + "]}";
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("malformed")
    void malformedInputNamesTheExactParam(String json, String param) {
        GatewayException e = assertThrows(GatewayException.class, () -> read(json));
        assertEquals(ErrorKind.INVALID_REQUEST, e.kind());
        assertEquals(param, e.param());
        assertTrue(e.getMessage().startsWith(param + ": "), e.getMessage());
    }

    @Test
    void tripleNestedParamPath() {
        String json = "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":\"a\"},"
                + "{\"role\":\"assistant\",\"content\":\"b\"},{\"role\":\"user\",\"content\":[{\"type\":null}]}]}";
        GatewayException e = assertThrows(GatewayException.class, () -> read(json));
        assertEquals("messages[2].content[0].type", e.param());
    }

    /**
     * Replaces every value in the full body, one at a time, by each JSON type: the reader must either accept
     * the result or answer with a 400; no other exception may escape.
     */
    @Test
    void noRuntimeExceptionForAnyWrongType() {
        JsonObject full = Jsons.parseObject(FULL);
        List<JsonValue> replacements = List.of(JsonValue.NULL, JsonValue.TRUE, Json.createValue(-1),
                Json.createValue(1.5), Json.createValue("s"), JsonValue.EMPTY_JSON_ARRAY, JsonValue.EMPTY_JSON_OBJECT);
        List<JsonValue> variants = new ArrayList<>();
        mutations(full, replacements, variants);
        assertTrue(variants.size() > 1000, "mutations: " + variants.size());
        int rejected = 0;
        for (JsonValue v : variants) {
            try {
                AnthropicRequestReader.readMessages(v.asJsonObject(), null);
            } catch (GatewayException e) {
                assertEquals(ErrorKind.INVALID_REQUEST, e.kind());
                assertTrue(e.param() != null && !e.param().isEmpty(), "param for " + e.getMessage());
                rejected++;
            }
        }
        assertTrue(rejected > variants.size() / 3, "most mutations are invalid: " + rejected);
    }

    /** Every copy of {@code v} with exactly one nested value replaced. */
    private static void mutations(JsonValue v, List<JsonValue> replacements, List<JsonValue> out) {
        List<JsonValue> own = new ArrayList<>();
        collect(v, replacements, own);
        out.addAll(own);
    }

    private static void collect(JsonValue v, List<JsonValue> replacements, List<JsonValue> out) {
        if (v.getValueType() == JsonValue.ValueType.OBJECT) {
            JsonObject o = v.asJsonObject();
            for (String key : o.keySet()) {
                List<JsonValue> inner = new ArrayList<>(replacements);
                collect(o.get(key), replacements, inner);
                for (JsonValue r : inner) {
                    JsonObjectBuilder b = Json.createObjectBuilder(o);
                    b.add(key, r);
                    out.add(b.build());
                }
            }
        } else if (v.getValueType() == JsonValue.ValueType.ARRAY) {
            var a = v.asJsonArray();
            for (int i = 0; i < a.size(); i++) {
                List<JsonValue> inner = new ArrayList<>(replacements);
                collect(a.get(i), replacements, inner);
                for (JsonValue r : inner) {
                    JsonArrayBuilder b = Json.createArrayBuilder(a);
                    b.set(i, r);
                    out.add(b.build());
                }
            }
        }
    }
}
