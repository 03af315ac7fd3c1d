package dev.switchboard.kernel.dialect.openai;

import dev.switchboard.wire.openai.OcTestSupport;
import dev.switchboard.wire.openai.StableHash;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.ErrorKind;
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
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** OpenAI Chat client requests → canonical. */
class OpenAiChatRequestReaderTest {
    private static final OpenAiChatRequestReader READER = new OpenAiChatRequestReader();

    private static OpenAiChatReadResult read(String body) throws GatewayException {
        return READER.read(body.getBytes(StandardCharsets.UTF_8));
    }

    private static ChatRequest req(String body) throws GatewayException {
        return read(body).request();
    }

    /** A body with the given messages array and extra top-level members. */
    private static String body(String messages, String extra) {
        return "{\"model\":\"gpt-x\",\"messages\":" + messages + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    private static String body(String messages) {
        return body(messages, "");
    }

    private static final String TOOLS = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"Read\","
            + "\"description\":\"read a file\",\"parameters\":{\"type\":\"object\",\"properties\":{\"p\":{\"type\":\"string\"}}},"
            + "\"strict\":true}},{\"type\":\"function\",\"function\":{\"name\":\"Now\"}}]";

    @Test
    @DisplayName("assistant(calls a,b), tool a, tool b, user go → one user message [result a, result b, text]")
    void toolResultsJoinOneUserMessage() throws GatewayException {
        ChatRequest r = req(body("[{\"role\":\"user\",\"content\":\"read both\"},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":["
                + "{\"id\":\"a\",\"type\":\"function\",\"function\":{\"name\":\"Read\",\"arguments\":\"{\\\"p\\\":\\\"x\\\"}\"}},"
                + "{\"id\":\"b\",\"type\":\"function\",\"function\":{\"name\":\"Read\",\"arguments\":\"{\\\"p\\\":\\\"y\\\"}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"a\",\"content\":\"X\"},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"b\",\"content\":[{\"type\":\"text\",\"text\":\"Y\"}]},"
                + "{\"role\":\"user\",\"content\":\"go\"}]", TOOLS));
        assertEquals(3, r.messages().size());
        Message assistant = r.messages().get(1);
        assertEquals(List.of(new ContentBlock.ToolUse("a", "Read", OcTestSupport.json("{\"p\":\"x\"}")),
                new ContentBlock.ToolUse("b", "Read", OcTestSupport.json("{\"p\":\"y\"}"))), assistant.content());
        assertEquals(new Message(Role.USER, List.of(
                new ContentBlock.ToolResult("a", List.of(new ContentBlock.Text("X")), false, null),
                new ContentBlock.ToolResult("b", List.of(new ContentBlock.Text("Y")), false, null),
                new ContentBlock.Text("go"))), r.messages().get(2));
    }

    @Test
    @DisplayName("arguments \"{bad json\" → call kept with {\"_raw\":...}; repairable arguments repaired")
    void badArgumentsKeepTheCall() throws GatewayException {
        ChatRequest r = req(body("[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"tool_calls\":["
                + "{\"id\":\"a\",\"type\":\"function\",\"function\":{\"name\":\"Read\",\"arguments\":\"{bad json\"}},"
                + "{\"id\":\"b\",\"type\":\"function\",\"function\":{\"name\":\"Read\",\"arguments\":\"{\\\"p\\\":\\\"x\\\",\"}},"
                + "{\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"Now\",\"arguments\":\"\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"a\",\"content\":\"err\"}]"));
        List<ContentBlock> calls = r.messages().get(1).content();
        assertEquals(3, calls.size());
        assertEquals(OcTestSupport.json("{\"_raw\":\"{bad json\"}"), ((ContentBlock.ToolUse) calls.get(0)).input());
        assertEquals(OcTestSupport.json("{\"p\":\"x\"}"), ((ContentBlock.ToolUse) calls.get(1)).input());
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, ((ContentBlock.ToolUse) calls.get(2)).input());
    }

    @Test
    @DisplayName("reasoning_effort high + max_tokens 2000 → 1024 ≤ budget < max_tokens, temperature 1, no top_p")
    void reasoningEffortHigh() throws GatewayException {
        OpenAiChatReadResult res = read(body("[{\"role\":\"user\",\"content\":\"hi\"}]",
                "\"reasoning_effort\":\"high\",\"max_tokens\":2000,\"temperature\":0.2,\"top_p\":0.9"));
        ChatRequest r = res.request();
        assertEquals(ThinkingConfig.Mode.ENABLED, r.thinking().mode());
        int budget = r.thinking().budgetTokens();
        assertTrue(budget >= 1024 && budget < r.maxTokens(), budget + " vs " + r.maxTokens());
        assertEquals(4096, budget);
        assertEquals(6096, r.maxTokens(), "raised by the budget so the visible allowance stays 2000");
        assertEquals(1.0, r.temperature());
        assertNull(r.topP());
        assertEquals("high", r.effort());
        assertEquals(List.of("temperature", "top_p"), res.droppedFields());
    }

    @Test
    @DisplayName("reasoning_effort low/medium → budgets 1024/2048; none/minimal → disabled; bad value → 400")
    void reasoningEffortLevels() throws GatewayException {
        assertEquals(1024, req(body("[{\"role\":\"user\",\"content\":\"hi\"}]", "\"reasoning_effort\":\"low\"")).thinking().budgetTokens());
        ChatRequest medium = req(body("[{\"role\":\"user\",\"content\":\"hi\"}]", "\"reasoning_effort\":\"medium\",\"max_tokens\":8000"));
        assertEquals(2048, medium.thinking().budgetTokens());
        assertEquals(8000, medium.maxTokens());
        for (String off : List.of("none", "minimal")) {
            ChatRequest r = req(body("[{\"role\":\"user\",\"content\":\"hi\"}]", "\"reasoning_effort\":\"" + off + "\""));
            assertEquals(ThinkingConfig.Mode.DISABLED, r.thinking().mode(), off);
            assertFalse(r.thinkingOn());
        }
        assertParam("reasoning_effort", body("[{\"role\":\"user\",\"content\":\"hi\"}]", "\"reasoning_effort\":\"huge\""));
    }

    @Test
    @DisplayName("leading system/developer hoisted (cache_control + ttl kept); later ones stay role system")
    void systemHoisting() throws GatewayException {
        ChatRequest r = req(body("[{\"role\":\"system\",\"content\":\"A\"},"
                + "{\"role\":\"developer\",\"content\":[{\"type\":\"text\",\"text\":\"B\",\"cache_control\":{\"type\":\"ephemeral\",\"ttl\":\"1h\"}}]},"
                + "{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"system\",\"content\":\"late\"},"
                + "{\"role\":\"user\",\"content\":\"again\"}]"));
        assertEquals(List.of(new ContentBlock.Text("A"), new ContentBlock.Text("B", new CacheControl("ephemeral", "1h"))), r.system());
        assertEquals(List.of(Role.USER, Role.SYSTEM, Role.USER), r.messages().stream().map(Message::role).toList());
        assertEquals("late", r.messages().get(1).text());
    }

    @Test
    @DisplayName("\"\" → no block, empty messages dropped, same role merged, leading assistant gets (continue)")
    void normalisation() throws GatewayException {
        ChatRequest r = req(body("[{\"role\":\"assistant\",\"content\":\"I was saying\"},{\"role\":\"user\",\"content\":\"\"},"
                + "{\"role\":\"assistant\",\"content\":\" more\"},{\"role\":\"user\",\"content\":\"a\"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"\"},{\"type\":\"text\",\"text\":\"b\"}]}]"));
        assertEquals(List.of(
                Message.user(OpenAiChatMessagesReader.CONTINUE),
                new Message(Role.ASSISTANT, List.of(new ContentBlock.Text("I was saying"), new ContentBlock.Text(" more"))),
                new Message(Role.USER, List.of(new ContentBlock.Text("a"), new ContentBlock.Text("b")))), r.messages());
    }

    @Test
    @DisplayName("image_url data URI → base64 image, URL → url image; file pdf → document; text file → text document")
    void media() throws GatewayException {
        ChatRequest r = req(body("[{\"role\":\"user\",\"content\":["
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,iVBOR\"}},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x/y.jpg\",\"detail\":\"high\"}},"
                + "{\"type\":\"file\",\"file\":{\"filename\":\"a.pdf\",\"file_data\":\"data:application/pdf;base64,JVBER\"}},"
                + "{\"type\":\"file\",\"file\":{\"filename\":\"n.txt\",\"file_data\":\"data:text/plain;base64,aGk=\"}},"
                + "{\"type\":\"file\",\"file\":{\"file_url\":\"https://x/doc.pdf\"}}]}]"));
        assertEquals(List.of(
                new ContentBlock.Image(MediaSource.base64("image/png", "iVBOR"), null),
                new ContentBlock.Image(MediaSource.url("https://x/y.jpg"), null),
                new ContentBlock.Document(MediaSource.base64("application/pdf", "JVBER"), "a.pdf", null, null),
                new ContentBlock.Document(MediaSource.text("hi"), "n.txt", null, null),
                new ContentBlock.Document(MediaSource.url("https://x/doc.pdf"), null, null, null)),
                r.messages().get(0).content());
    }

    @Test
    @DisplayName("tools[].function → Tool (parameters default, strict dropped); tool_choice and parallel_tool_calls")
    void toolsAndChoice() throws GatewayException {
        ChatRequest r = req(body("[{\"role\":\"user\",\"content\":\"hi\"}]",
                TOOLS + ",\"tool_choice\":\"required\",\"parallel_tool_calls\":false"));
        assertEquals(List.of(
                new Tool("Read", "read a file", OcTestSupport.json("{\"type\":\"object\",\"properties\":{\"p\":{\"type\":\"string\"}}}")),
                new Tool("Now", null, OcTestSupport.json("{\"type\":\"object\",\"properties\":{}}"))), r.tools());
        assertEquals(new ToolChoice(ToolChoice.Type.ANY, null, true), r.toolChoice());
        assertEquals(new ToolChoice(ToolChoice.Type.TOOL, "Now", false), req(body("[{\"role\":\"user\",\"content\":\"hi\"}]",
                TOOLS + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"Now\"}}")).toolChoice());
        assertEquals(new ToolChoice(ToolChoice.Type.NONE, null, false), req(body("[{\"role\":\"user\",\"content\":\"hi\"}]",
                TOOLS + ",\"tool_choice\":\"none\",\"parallel_tool_calls\":false")).toolChoice(), "never with none");
        assertEquals(new ToolChoice(ToolChoice.Type.AUTO, null, true), req(body("[{\"role\":\"user\",\"content\":\"hi\"}]",
                TOOLS + ",\"parallel_tool_calls\":false")).toolChoice(), "parallel_tool_calls:false creates auto");
        assertNull(req(body("[{\"role\":\"user\",\"content\":\"hi\"}]", "\"tool_choice\":\"required\",\"parallel_tool_calls\":false"))
                .toolChoice(), "only with tools");
    }

    @Test
    @DisplayName("max_tokens default 4096 / max_completion_tokens; temperature clamped to 1; stop string or array")
    void sampling() throws GatewayException {
        assertEquals(OpenAiChatRequestReader.DEFAULT_MAX_TOKENS, req(body("[{\"role\":\"user\",\"content\":\"hi\"}]")).maxTokens());
        ChatRequest r = req(body("[{\"role\":\"user\",\"content\":\"hi\"}]",
                "\"max_completion_tokens\":77,\"temperature\":1.7,\"top_p\":0.5,\"stop\":\"END\""));
        assertEquals(77, r.maxTokens());
        assertEquals(1.0, r.temperature());
        assertEquals(0.5, r.topP());
        assertEquals(List.of("END"), r.stopSequences());
        assertEquals(List.of("a", "b"), req(body("[{\"role\":\"user\",\"content\":\"hi\"}]", "\"stop\":[\"a\",\"b\"]")).stopSequences());
    }

    @Test
    @DisplayName("stream + stream_options.include_usage → flag; user → stable hash, never the raw value")
    void streamAndUser() throws GatewayException {
        OpenAiChatReadResult res = read(body("[{\"role\":\"user\",\"content\":\"hi\"}]",
                "\"stream\":true,\"stream_options\":{\"include_usage\":true},\"user\":\"alice@example.com\""));
        assertTrue(res.request().stream());
        assertTrue(res.includeUsage());
        assertEquals(StableHash.userId("alice@example.com"), res.request().userId());
        assertFalse(res.request().userId().contains("alice"));
        assertFalse(read(body("[{\"role\":\"user\",\"content\":\"hi\"}]", "\"stream\":true")).includeUsage());
    }

    @Test
    @DisplayName("response_format json_schema → output format; json_object → any-object schema; text → none")
    void responseFormat() throws GatewayException {
        ChatRequest r = req(body("[{\"role\":\"user\",\"content\":\"hi\"}]", "\"response_format\":{\"type\":\"json_schema\","
                + "\"json_schema\":{\"name\":\"x\",\"strict\":true,\"schema\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}}}"));
        assertEquals(OcTestSupport.json("{\"type\":\"json_schema\",\"schema\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}}"),
                r.outputFormat());
        assertEquals(OcTestSupport.json("{\"type\":\"json_schema\",\"schema\":{\"type\":\"object\"}}"),
                req(body("[{\"role\":\"user\",\"content\":\"hi\"}]", "\"response_format\":{\"type\":\"json_object\"}")).outputFormat());
        assertNull(req(body("[{\"role\":\"user\",\"content\":\"hi\"}]", "\"response_format\":{\"type\":\"text\"}")).outputFormat());
    }

    @Test
    @DisplayName("n>1, logprobs, logit_bias, seed, penalties dropped and reported (400 when strict); unknown fields kept")
    void droppedAndExtensions() throws GatewayException {
        String unsupported = "\"n\":2,\"logprobs\":true,\"logit_bias\":{\"50256\":-100},\"seed\":7,\"presence_penalty\":0.5,"
                + "\"frequency_penalty\":0.1,\"store\":false,\"service_tier\":\"auto\"";
        OpenAiChatReadResult res = read(body("[{\"role\":\"user\",\"content\":\"hi\"}]", unsupported));
        assertEquals(List.of("n", "logprobs", "logit_bias", "seed", "presence_penalty", "frequency_penalty"), res.droppedFields());
        assertEquals(JsonValue.FALSE, res.request().extensions().get("store"));
        assertTrue(res.request().extensions().containsKey("service_tier"));
        assertFalse(res.request().extensions().containsKey("seed"));
        assertEquals(List.of(), read(body("[{\"role\":\"user\",\"content\":\"hi\"}]", "\"n\":1,\"logprobs\":false,\"presence_penalty\":0"))
                .droppedFields(), "defaults are not worth a warning");
        GatewayException e = assertThrows(GatewayException.class, () -> new OpenAiChatRequestReader(true)
                .read(body("[{\"role\":\"user\",\"content\":\"hi\"}]", "\"seed\":7").getBytes(StandardCharsets.UTF_8)));
        assertEquals("seed", e.param());
    }

    @Test
    @DisplayName("tool ids sanitised identically in calls and results; legacy function_call/function messages")
    void idsAndLegacyFunctions() throws GatewayException {
        ChatRequest r = req(body("[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"tool_calls\":["
                + "{\"id\":\"functions.Bash:0\",\"type\":\"function\",\"function\":{\"name\":\"Bash\",\"arguments\":\"{}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"functions.Bash:0\",\"content\":\"ok\"},"
                + "{\"role\":\"assistant\",\"content\":null,\"function_call\":{\"name\":\"F\",\"arguments\":\"{}\"}},"
                + "{\"role\":\"function\",\"name\":\"F\",\"content\":\"done\"}]"));
        ContentBlock.ToolUse call = (ContentBlock.ToolUse) r.messages().get(1).content().get(0);
        ContentBlock.ToolResult result = (ContentBlock.ToolResult) r.messages().get(2).content().get(0);
        assertEquals("functions_Bash_0", call.id());
        assertEquals(call.id(), result.toolUseId());
        ContentBlock.ToolUse legacy = (ContentBlock.ToolUse) r.messages().get(3).content().get(0);
        assertEquals(legacy.id(), ((ContentBlock.ToolResult) r.messages().get(4).content().get(0)).toolUseId());
    }

    @Test
    @DisplayName("replayed assistant reasoning_content → thinking without signature, before the text")
    void assistantReasoningReplay() throws GatewayException {
        ChatRequest r = req(body("[{\"role\":\"user\",\"content\":\"hi\"},"
                + "{\"role\":\"assistant\",\"reasoning_content\":\"hmm\",\"content\":\"hello\"},{\"role\":\"user\",\"content\":\"?\"}]"));
        assertEquals(List.of(new ContentBlock.Thinking("hmm", ""), new ContentBlock.Text("hello")), r.messages().get(1).content());
    }

    static Stream<Arguments> malformed() {
        String user = "{\"role\":\"user\",\"content\":\"hi\"}";
        return Stream.of(
                Arguments.of("{\"messages\":[" + user + "]}", "model"),
                Arguments.of("{\"model\":\"m\"}", "messages"),
                Arguments.of(body("[" + user + ",{\"content\":\"x\"}]"), "messages[1].role"),
                Arguments.of(body("[" + user + ",{\"role\":\"wizard\",\"content\":\"x\"}]"), "messages[1].role"),
                Arguments.of(body("[" + user + ",{\"role\":\"user\",\"content\":5}]"), "messages[1].content"),
                Arguments.of(body("[" + user + ",{\"role\":\"user\",\"content\":[{\"type\":\"text\"}]}]"), "messages[1].content[0].text"),
                Arguments.of(body("[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png,abc\"}}]}]"),
                        "messages[0].content[0].image_url.url"),
                Arguments.of(body("[{\"role\":\"user\",\"content\":[{\"type\":\"file\",\"file\":{\"file_id\":\"file-1\"}}]}]"),
                        "messages[0].content[0].file.file_id"),
                Arguments.of(body("[{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\",\"input_audio\":{}}]}]"),
                        "messages[0].content[0].type"),
                Arguments.of(body("[{\"role\":\"system\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x\"}}]}," + user + "]"),
                        "messages[0].content[0].type"),
                Arguments.of(body("[" + user + ",{\"role\":\"assistant\",\"content\":\"a\"},{\"role\":\"user\",\"content\":\"b\"},"
                        + "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\",\"function\":{\"arguments\":\"{}\"}}]}]"),
                        "messages[3].tool_calls[0].function.name"),
                Arguments.of(body("[" + user + ",{\"role\":\"assistant\",\"tool_calls\":[{\"type\":\"function\",\"function\":{\"name\":\"a\"}}]}]"),
                        "messages[1].tool_calls[0].id"),
                Arguments.of(body("[" + user + ",{\"role\":\"assistant\",\"tool_calls\":{}}]"), "messages[1].tool_calls"),
                Arguments.of(body("[" + user + ",{\"role\":\"tool\",\"content\":\"x\"}]"), "messages[1].tool_call_id"),
                Arguments.of(body("[" + user + ",{\"role\":\"function\",\"name\":\"ghost\",\"content\":\"x\"}]"), "messages[1].name"),
                Arguments.of(body("[" + user + "]", "\"tools\":[{\"type\":\"function\",\"function\":{\"description\":\"d\"}}]"),
                        "tools[0].function.name"),
                Arguments.of(body("[" + user + "]", "\"tools\":[{\"type\":\"web_search\"}]"), "tools[0].type"),
                Arguments.of(body("[" + user + "]", "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"a\",\"parameters\":[]}}]"),
                        "tools[0].function.parameters"),
                Arguments.of(body("[" + user + "]", TOOLS + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"Nope\"}}"),
                        "tool_choice.function.name"),
                Arguments.of(body("[" + user + "]", TOOLS + ",\"tool_choice\":\"sometimes\""), "tool_choice"),
                Arguments.of(body("[" + user + "]", "\"max_tokens\":0"), "max_tokens"),
                Arguments.of(body("[" + user + "]", "\"max_completion_tokens\":\"many\""), "max_completion_tokens"),
                Arguments.of(body("[" + user + "]", "\"temperature\":3"), "temperature"),
                Arguments.of(body("[" + user + "]", "\"stop\":[\"a\",1]"), "stop[1]"),
                Arguments.of(body("[" + user + "]", "\"stream\":\"yes\""), "stream"),
                Arguments.of(body("[" + user + "]", "\"response_format\":{\"type\":\"xml\"}"), "response_format.type"),
                Arguments.of(body("[{\"role\":\"system\",\"content\":\"only system\"}]"), "messages"));
    }

    @ParameterizedTest(name = "malformed input names {1}")
    @MethodSource("malformed")
    void malformedInputNamesItsParam(String body, String param) {
        assertParam(param, body);
    }

    @Test
    @DisplayName("a body that is not a JSON object → 400")
    void notJson() {
        GatewayException e = assertThrows(GatewayException.class, () -> read("[1,2]"));
        assertEquals(ErrorKind.INVALID_REQUEST, e.kind());
        assertThrows(GatewayException.class, () -> read("{not json"));
    }

    private static void assertParam(String param, String body) {
        GatewayException e = assertThrows(GatewayException.class, () -> read(body));
        assertEquals(ErrorKind.INVALID_REQUEST, e.kind());
        assertEquals(param, e.param(), e.getMessage());
    }

    @Test
    void aConfiguredEffortTableGivesTheBudgetOfEachReasoningEffort() throws GatewayException {
        OpenAiChatRequestReader reader = new OpenAiChatRequestReader(false,
                new dev.switchboard.wire.EffortBudgets(2000, 8000, 16000, 32000));
        String b = body("[{\"role\":\"user\",\"content\":\"hi\"}]", "\"reasoning_effort\":\"medium\",\"max_tokens\":64000");
        assertEquals(8000, reader.read(b.getBytes(StandardCharsets.UTF_8)).request().thinking().budgetTokens());
        assertEquals(8192, req(body("[{\"role\":\"user\",\"content\":\"hi\"}]",
                "\"reasoning_effort\":\"xhigh\",\"max_tokens\":64000")).thinking().budgetTokens(), "the default table");
    }
}
