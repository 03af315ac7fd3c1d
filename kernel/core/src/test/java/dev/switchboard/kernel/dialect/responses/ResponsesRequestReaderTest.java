package dev.switchboard.kernel.dialect.responses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.json.Jsons;
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
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResponsesRequestReaderTest {

    private static ResponsesClientRequest read(String json) throws GatewayException {
        return ResponsesRequestReader.read(json.getBytes(StandardCharsets.UTF_8));
    }

    private static ChatRequest chat(String json) throws GatewayException {
        return read(json).chatRequest();
    }

    private static JsonObject obj(String json) {
        return Jsons.parseObject(json);
    }

    @Test
    void r14FunctionCallAndOutputBecomeToolUseAndToolResultWithTheCallId() throws Exception {
        ChatRequest r = chat("""
                {"model":"gpt-5.2","input":[
                  {"role":"user","content":"List files"},
                  {"type":"function_call","call_id":"call_abc","name":"Bash","arguments":"{\\"command\\":\\"ls\\"}"},
                  {"type":"function_call_output","call_id":"call_abc","output":"a.txt\\nb.md"}]}""");
        assertEquals(List.of(
                Message.user("List files"),
                new Message(Role.ASSISTANT, List.of(new ContentBlock.ToolUse("call_abc", "Bash", obj("{\"command\":\"ls\"}")))),
                new Message(Role.USER, List.of(new ContentBlock.ToolResult("call_abc",
                        List.of(new ContentBlock.Text("a.txt\nb.md")), false, null)))), r.messages());
    }

    @Test
    void consecutiveItemsOfOneSideMergeIntoOneMessage() throws Exception {
        ChatRequest r = chat("""
                {"model":"m","input":[
                  {"type":"message","role":"user","content":[{"type":"input_text","text":"Read both"}]},
                  {"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"Plan"},{"type":"summary_text","text":"Go"}],"encrypted_content":"enc"},
                  {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Reading"}]},
                  {"type":"function_call","call_id":"a","name":"Read","arguments":"{\\"p\\":1}"},
                  {"type":"function_call","call_id":"b","name":"Read","arguments":"{\\"p\\":2}"},
                  {"type":"function_call_output","call_id":"a","output":"one"},
                  {"type":"function_call_output","call_id":"b","output":[{"type":"input_text","text":"two"}]},
                  {"role":"user","content":"go on"}]}""");
        assertEquals(3, r.messages().size());
        assertEquals(List.of(
                new ContentBlock.Thinking("Plan\n\nGo", "enc", SignatureOrigin.OPENAI),
                new ContentBlock.Text("Reading"),
                new ContentBlock.ToolUse("a", "Read", obj("{\"p\":1}")),
                new ContentBlock.ToolUse("b", "Read", obj("{\"p\":2}"))), r.messages().get(1).content());
        assertEquals(List.of(
                new ContentBlock.ToolResult("a", List.of(new ContentBlock.Text("one")), false, null),
                new ContentBlock.ToolResult("b", List.of(new ContentBlock.Text("two")), false, null),
                new ContentBlock.Text("go on")), r.messages().get(2).content());
    }

    @Test
    void instructionsAndLeadingSystemMessagesAreHoistedLaterOnesStayInPlace() throws Exception {
        ChatRequest r = chat("""
                {"model":"m","instructions":"Be brief.","input":[
                  {"role":"developer","content":"Dev rules"},
                  {"role":"system","content":[{"type":"input_text","text":"Sys rules"}]},
                  {"role":"user","content":"Hi"},
                  {"role":"system","content":"Late note"},
                  {"role":"user","content":"Again"}]}""");
        assertEquals(List.of(new ContentBlock.Text("Be brief."), new ContentBlock.Text("Dev rules"),
                new ContentBlock.Text("Sys rules")), r.system());
        assertEquals(List.of(Message.user("Hi"), new Message(Role.SYSTEM, List.of(new ContentBlock.Text("Late note"))),
                Message.user("Again")), r.messages());
    }

    @Test
    void stringInputIsOneUserMessage() throws Exception {
        ChatRequest r = chat("{\"model\":\"m\",\"input\":\"Hello\",\"stream\":true}");
        assertEquals(List.of(Message.user("Hello")), r.messages());
        assertTrue(r.stream());
        assertTrue(r.system().isEmpty());
    }

    @Test
    void badArgumentsAreRepairedOrKeptRawButNeverDropped() throws Exception {
        ChatRequest r = chat("""
                {"model":"m","input":[{"role":"user","content":"x"},
                  {"type":"function_call","call_id":"a","name":"f","arguments":"{\\"a\\":1"},
                  {"type":"function_call","call_id":"b","name":"f","arguments":"not json"},
                  {"type":"function_call","call_id":"c","name":"f","arguments":"\\"{\\\\\\"z\\\\\\":true}\\""},
                  {"type":"function_call","call_id":"d","name":"f"}]}""");
        List<ContentBlock> calls = r.messages().get(1).content();
        assertEquals(obj("{\"a\":1}"), ((ContentBlock.ToolUse) calls.get(0)).input());
        assertEquals(obj("{\"_raw\":\"not json\"}"), ((ContentBlock.ToolUse) calls.get(1)).input());
        assertEquals(obj("{\"z\":true}"), ((ContentBlock.ToolUse) calls.get(2)).input());
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, ((ContentBlock.ToolUse) calls.get(3)).input());
    }

    @Test
    void reasoningWithoutEncryptedContentGetsAnEmptySignature() throws Exception {
        ChatRequest r = chat("""
                {"model":"m","input":[{"role":"user","content":"x"},
                  {"type":"reasoning","summary":[{"type":"summary_text","text":"t"}]},
                  {"type":"reasoning","summary":[]},
                  {"role":"assistant","content":[{"type":"refusal","refusal":"No."}]}]}""");
        assertEquals(List.of(new ContentBlock.Thinking("t", ""), new ContentBlock.Text("No.")),
                r.messages().get(1).content());
    }

    @Test
    void imagesAndFilesBecomeImageAndDocumentBlocks() throws Exception {
        ChatRequest r = chat("""
                {"model":"m","input":[{"role":"user","content":[
                  {"type":"input_text","text":"Look"},
                  {"type":"input_image","image_url":"data:image/png;base64,iVBOR","detail":"auto"},
                  {"type":"input_image","image_url":"https://example.com/cat.jpg"},
                  {"type":"input_file","filename":"a.pdf","file_data":"data:application/pdf;base64,JVBER"},
                  {"type":"input_file","file_url":"https://example.com/b.pdf"},
                  {"type":"input_text","text":""}]}]}""");
        assertEquals(List.of(
                new ContentBlock.Text("Look"),
                new ContentBlock.Image(MediaSource.base64("image/png", "iVBOR"), null),
                new ContentBlock.Image(MediaSource.url("https://example.com/cat.jpg"), null),
                new ContentBlock.Document(MediaSource.base64("application/pdf", "JVBER"), "a.pdf", null, null),
                new ContentBlock.Document(MediaSource.url("https://example.com/b.pdf"), null, null, null)),
                r.messages().get(0).content());
    }

    @Test
    void firstTurnFromTheAssistantGetsAUserTurnBeforeIt() throws Exception {
        ChatRequest r = chat("{\"model\":\"m\",\"input\":[{\"role\":\"assistant\",\"content\":\"Hi there\"},"
                + "{\"role\":\"user\",\"content\":\"Hello\"}]}");
        assertEquals(List.of(Message.user("(continue)"), Message.assistant("Hi there"), Message.user("Hello")),
                r.messages());
    }

    @Test
    void flatFunctionToolsAndToolChoice() throws Exception {
        ChatRequest r = chat("""
                {"model":"m","input":"x","tool_choice":"required","parallel_tool_calls":false,"tools":[
                  {"type":"function","name":"get_weather","description":"Weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}},"strict":true},
                  {"type":"function","name":"now"}]}""");
        assertEquals(List.of(
                new Tool("get_weather", "Weather", obj("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}")),
                new Tool("now", null, obj("{\"type\":\"object\",\"properties\":{}}"))), r.tools());
        assertEquals(new ToolChoice(ToolChoice.Type.ANY, null, true), r.toolChoice());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"auto\"|AUTO||false",
            "\"none\"|NONE||false",
            "{\"type\":\"function\",\"name\":\"f\"}|TOOL|f|false"})
    void toolChoiceForms(String choice, ToolChoice.Type type, String name, boolean noParallel) throws Exception {
        ChatRequest r = chat("{\"model\":\"m\",\"input\":\"x\",\"tools\":[{\"type\":\"function\",\"name\":\"f\"}],"
                + "\"tool_choice\":" + choice + "}");
        assertEquals(new ToolChoice(type, name, noParallel), r.toolChoice());
    }

    @Test
    void toolChoiceWithoutToolsAndParallelWithNoneAreDropped() throws Exception {
        assertNull(chat("{\"model\":\"m\",\"input\":\"x\",\"tool_choice\":\"required\"}").toolChoice());
        ChatRequest r = chat("{\"model\":\"m\",\"input\":\"x\",\"tools\":[{\"type\":\"function\",\"name\":\"f\"}],"
                + "\"tool_choice\":\"none\",\"parallel_tool_calls\":false}");
        assertEquals(new ToolChoice(ToolChoice.Type.NONE, null, false), r.toolChoice());
        ChatRequest p = chat("{\"model\":\"m\",\"input\":\"x\",\"tools\":[{\"type\":\"function\",\"name\":\"f\"}],"
                + "\"parallel_tool_calls\":false}");
        assertEquals(new ToolChoice(ToolChoice.Type.AUTO, null, true), p.toolChoice());
    }

    @Test
    void reasoningEffortBecomesThinkingWithinMaxTokens() throws Exception {
        ChatRequest r = chat("{\"model\":\"m\",\"input\":\"x\",\"max_output_tokens\":2000,\"temperature\":0.2,"
                + "\"top_p\":0.9,\"reasoning\":{\"effort\":\"high\",\"summary\":\"auto\"}}");
        assertEquals(ThinkingConfig.Mode.ENABLED, r.thinking().mode());
        assertTrue(r.thinking().budgetTokens() >= 1024 && r.thinking().budgetTokens() < r.maxTokens(),
                "1024 <= budget < max_tokens: " + r.thinking() + " " + r.maxTokens());
        assertEquals("high", r.effort());
        assertEquals(1.0, r.temperature());
        assertNull(r.topP());

        ChatRequest low = chat("{\"model\":\"m\",\"input\":\"x\",\"reasoning\":{\"effort\":\"low\"}}");
        assertEquals(ThinkingConfig.enabled(1024), low.thinking());
        ChatRequest small = chat("{\"model\":\"m\",\"input\":\"x\",\"max_output_tokens\":500,\"reasoning\":{\"effort\":\"medium\"}}");
        assertTrue(small.thinking().budgetTokens() >= 1024 && small.thinking().budgetTokens() < small.maxTokens());
        ChatRequest off = chat("{\"model\":\"m\",\"input\":\"x\",\"temperature\":1.7,\"reasoning\":{\"effort\":\"minimal\"}}");
        assertEquals(ThinkingConfig.Mode.DISABLED, off.thinking().mode());
        assertNull(off.effort());
        assertEquals(1.0, off.temperature(), "clamped to [0,1]");
    }

    @Test
    void textFormatBecomesOutputFormat() throws Exception {
        ChatRequest r = chat("{\"model\":\"m\",\"input\":\"x\",\"text\":{\"format\":{\"type\":\"json_schema\",\"name\":\"n\","
                + "\"schema\":{\"type\":\"object\"},\"strict\":true}}}");
        assertEquals(obj("{\"type\":\"json_schema\",\"schema\":{\"type\":\"object\"}}"), r.outputFormat());
        assertNull(chat("{\"model\":\"m\",\"input\":\"x\",\"text\":{\"format\":{\"type\":\"text\"}}}").outputFormat());
    }

    @Test
    void userIdsAreHashedStablyAndUnknownFieldsKept() throws Exception {
        ChatRequest a = chat("{\"model\":\"m\",\"input\":\"x\",\"user\":\"alice@example.com\",\"service_tier\":\"flex\"}");
        ChatRequest b = chat("{\"model\":\"m\",\"input\":\"y\",\"user\":\"alice@example.com\"}");
        assertEquals(64, a.userId().length());
        assertFalse(a.userId().contains("alice"));
        assertEquals(a.userId(), b.userId());
        assertEquals(Json.createValue("flex"), a.extensions().get("service_tier"));
        assertFalse(a.extensions().containsKey("user"));
        ChatRequest c = chat("{\"model\":\"m\",\"input\":\"x\",\"prompt_cache_key\":\"session-1\"}");
        assertEquals(64, c.userId().length());
    }

    @Test
    void includeAndEchoFieldsReachTheWriterOptions() throws Exception {
        ResponsesClientRequest r = read("""
                {"model":"m","input":"x","include":["reasoning.encrypted_content"],"instructions":"I",
                 "tools":[{"type":"function","name":"f"}],"tool_choice":"auto","temperature":0.5}""");
        assertTrue(r.writerOptions().includeEncryptedReasoning());
        JsonObject echo = r.writerOptions().requestEcho();
        assertEquals("I", echo.getString("instructions"));
        assertEquals("f", echo.getJsonArray("tools").getJsonObject(0).getString("name"));
        assertEquals(0.5, echo.getJsonNumber("temperature").doubleValue());
        assertFalse(read("{\"model\":\"m\",\"input\":\"x\"}").writerOptions().includeEncryptedReasoning());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"model\":\"m\",\"input\":\"x\",\"previous_response_id\":\"resp_1\"}|previous_response_id",
            "{\"model\":\"m\",\"input\":\"x\",\"conversation\":\"conv_1\"}|conversation",
            "{\"model\":\"m\",\"input\":\"x\",\"prompt\":{\"id\":\"pmpt_1\"}}|prompt",
            "{\"model\":\"m\",\"input\":\"x\",\"background\":true}|background",
            "{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":\"x\"},{\"type\":\"item_reference\",\"id\":\"msg_1\"}]}|input[1].type",
            "{\"model\":\"m\",\"input\":\"x\",\"tools\":[{\"type\":\"function\"}]}|tools[0].name",
            "{\"model\":\"m\",\"input\":\"x\",\"tools\":[{\"name\":\"f\"}]}|tools[0].type",
            "{\"model\":\"m\",\"input\":\"x\",\"tools\":[{\"type\":\"namespace\",\"tools\":[]}]}|tools[0].name",
            "{\"model\":\"m\",\"input\":\"x\",\"tools\":[{\"type\":\"namespace\",\"name\":\"n\"}]}|tools[0].tools",
            "{\"model\":\"m\",\"input\":\"x\",\"tools\":[{\"type\":\"namespace\",\"name\":\"n\",\"tools\":[{\"type\":\"web_search\"}]}]}|tools[0].tools[0]",
            "{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":\"x\"},{\"type\":\"function_call\",\"name\":\"f\",\"arguments\":\"{}\"}]}|input[1].call_id",
            "{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":\"x\"},{\"type\":\"function_call\",\"call_id\":\"a\",\"arguments\":\"{}\"}]}|input[1].name",
            "{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":\"x\"},{\"type\":\"function_call\",\"call_id\":\"a\",\"name\":\"f\"},{\"type\":\"function_call_output\",\"output\":\"r\"}]}|input[2].call_id",
            "{\"model\":\"m\",\"input\":[{\"type\":\"web_search_call\",\"id\":\"ws_1\"}]}|input[0].type",
            "{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_image\",\"file_id\":\"file_1\"}]}]}|input[0].content[0].file_id",
            "{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\"}]}]}|input[0].content[0].type",
            "{\"model\":\"m\",\"input\":[{\"role\":\"tool\",\"content\":\"x\"}]}|input[0].role",
            "{\"model\":\"m\",\"input\":[\"x\"]}|input[0]",
            "{\"model\":\"m\",\"input\":\"x\",\"reasoning\":{\"effort\":\"extreme\"}}|reasoning.effort",
            "{\"model\":\"m\",\"input\":\"x\",\"max_output_tokens\":0}|max_output_tokens",
            "{\"model\":\"m\",\"input\":\"x\",\"temperature\":\"hot\"}|temperature",
            "{\"model\":\"m\",\"input\":\"x\",\"text\":{\"format\":{\"type\":\"xml\"}}}|text.format.type",
            "{\"model\":\"m\",\"input\":\"x\",\"instructions\":[1]}|instructions",
            "{\"model\":\"m\"}|input",
            "{\"model\":\"m\",\"input\":[{\"role\":\"system\",\"content\":\"only system\"}]}|input",
            "{\"input\":\"x\"}|model"})
    void rejectedRequestsNameTheField(String body, String param) {
        GatewayException e = assertThrows(GatewayException.class, () -> read(body));
        assertEquals(ErrorKind.INVALID_REQUEST, e.kind());
        assertEquals(param, e.param(), e.getMessage());
        assertFalse(e.getMessage().isBlank());
    }

    @Test
    void invalidJsonIsA400() {
        GatewayException e = assertThrows(GatewayException.class, () -> read("{\"model\":"));
        assertEquals(ErrorKind.INVALID_REQUEST, e.kind());
    }

    @Test
    void callIdsAreSanitisedTheSameWayForCallsAndOutputs() throws Exception {
        ChatRequest r = chat("""
                {"model":"m","input":[{"role":"user","content":"x"},
                  {"type":"function_call","call_id":"functions.Bash:0","name":"Bash","arguments":"{}"},
                  {"type":"function_call_output","call_id":"functions.Bash:0","output":"ok"}]}""");
        ContentBlock.ToolUse use = (ContentBlock.ToolUse) r.messages().get(1).content().get(0);
        ContentBlock.ToolResult result = (ContentBlock.ToolResult) r.messages().get(2).content().get(0);
        assertEquals("functions_Bash_0", use.id());
        assertEquals(use.id(), result.toolUseId());
    }

    @Test
    void namespaceToolsBecomeFlatFunctionsAndTheirHistoryCallsToo() throws GatewayException {
        ResponsesClientRequest r = read("""
                {"model":"m","tools":[
                  {"type":"function","name":"exec_command","parameters":{"type":"object"}},
                  {"type":"namespace","name":"multi_agent_v1","description":"Agents","tools":[
                    {"type":"function","name":"spawn_agent","description":"Spawn","parameters":{"type":"object"}},
                    {"type":"function","name":"wait agent!","parameters":{"type":"object"}}]}],
                 "tool_choice":{"type":"function","name":"spawn_agent","namespace":"multi_agent_v1"},
                 "input":[{"role":"user","content":"go"},
                   {"type":"function_call","call_id":"c1","name":"spawn_agent","namespace":"multi_agent_v1","arguments":"{}"},
                   {"type":"function_call_output","call_id":"c1","output":"ok"}]}""");
        List<String> names = r.chatRequest().tools().stream().map(Tool::name).toList();
        assertEquals("exec_command", names.get(0));
        assertEquals("multi_agent_v1__spawn_agent", names.get(1));
        assertTrue(names.get(2).matches("multi_agent_v1__wait_agent__[0-9a-f]{8}"), names.get(2));
        assertTrue(r.chatRequest().tools().stream().allMatch(Tool::isFunction));
        assertEquals("Spawn", r.chatRequest().tools().get(1).description());
        assertEquals("multi_agent_v1__spawn_agent", r.chatRequest().toolChoice().name());
        ContentBlock.ToolUse call = (ContentBlock.ToolUse) r.chatRequest().messages().get(1).content().getFirst();
        assertEquals("multi_agent_v1__spawn_agent", call.name());
        ToolNamespaces ns = r.writerOptions().namespaces();
        assertEquals(new ToolNamespaces.Entry("multi_agent_v1", "wait agent!"), ns.original(names.get(2)));
        assertNull(ns.original("exec_command"));
    }

    @Test
    void aFlatNameNeverTakesATopLevelFunctionsName() throws GatewayException {
        ChatRequest r = chat("""
                {"model":"m","input":"x","tools":[
                  {"type":"namespace","name":"a","tools":[{"type":"function","name":"b"}]},
                  {"type":"function","name":"a__b"}]}""");
        assertEquals("a__b", r.tools().get(1).name());
        assertTrue(r.tools().get(0).name().startsWith("a__b_"), r.tools().get(0).name());
    }

    @Test
    void hostedToolsAreReadAsToolsOfTheirTypeWithTheirFields() throws GatewayException {
        ChatRequest r = chat("""
                {"model":"m","input":"x","tools":[{"type":"web_search","external_web_access":false},
                  {"type":"file_search","vector_store_ids":["vs_1"]}],"tool_choice":{"type":"web_search"}}""");
        Tool web = r.tools().getFirst();
        assertFalse(web.isFunction());
        assertEquals("web_search", web.type());
        assertEquals("web_search", web.name());
        assertEquals(JsonValue.FALSE, web.extensions().get("external_web_access"));
        assertEquals("file_search", r.tools().get(1).type());
        assertEquals(Json.createArrayBuilder().add("vs_1").build(), r.tools().get(1).extensions().get("vector_store_ids"));
        assertEquals(new ToolChoice(ToolChoice.Type.TOOL, "web_search", false), r.toolChoice());
    }

    @Test
    void aConfiguredEffortTableGivesTheBudgetAClaudeUpstreamGets() throws GatewayException {
        dev.switchboard.wire.EffortBudgets table = new dev.switchboard.wire.EffortBudgets(2000, 8000, 16000, 32000);
        ChatRequest r = ResponsesRequestReader.read(Jsons.parseObject(
                "{\"model\":\"m\",\"input\":\"x\",\"reasoning\":{\"effort\":\"high\"}}"), table).chatRequest();
        assertEquals(16000, r.thinking().budgetTokens());
        assertEquals(8192, chat("{\"model\":\"m\",\"input\":\"x\",\"reasoning\":{\"effort\":\"xhigh\"}}")
                .thinking().budgetTokens(), "the default table");
    }
}
