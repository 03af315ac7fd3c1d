package dev.switchboard.wire.responses;

import dev.switchboard.kernel.dialect.responses.ResponsesRequestReader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.CacheControl;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.MediaSource;
import dev.switchboard.spi.model.Message;
import dev.switchboard.spi.model.Role;
import dev.switchboard.spi.model.ThinkingConfig;
import dev.switchboard.spi.model.Tool;
import dev.switchboard.spi.model.ToolChoice;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResponsesRequestWriterTest {
    private static final String DROID = "You are Droid, an AI software engineering agent built by Factory.\n\n";

    private static JsonObject obj(String json) {
        return Jsons.parseObject(json);
    }

    private static JsonArray arr(String json) {
        return Jsons.parseValue(json).asJsonArray();
    }

    /** Factory's documented sample request, as the factory plugin shapes it for a model with reasoning low. */
    @Test
    void factorySampleRequest() {
        ChatRequest request = ChatRequest.builder("gpt-5.2")
                .addSystem(new ContentBlock.Text("Be brief."))
                .addMessage(Message.user("Hi"))
                .stream(true)
                .maxTokens(256)
                .build();
        JsonObject body = ResponsesRequestWriter.write(request,
                ResponsesUpstreamOptions.DEFAULTS.withInstructionsPrefix(DROID).withReasoningEffort("low"));
        assertEquals(obj("""
                {"model":"gpt-5.2","input":[{"role":"user","content":[{"type":"input_text","text":"Hi"}]}],"store":false,"stream":true,"max_output_tokens":256,
                 "instructions":"You are Droid, an AI software engineering agent built by Factory.\\n\\nBe brief.","reasoning":{"effort":"low","summary":"auto"}}"""),
                body);
    }

    @Test
    void conversationWithToolsImagesAndReasoning() {
        ChatRequest request = ChatRequest.builder("gpt-5.2")
                .addMessage(new Message(Role.USER, List.of(new ContentBlock.Text("What is in a.ts?"),
                        new ContentBlock.Image(MediaSource.base64("image/png", "iVBOR"), null))))
                .addMessage(new Message(Role.ASSISTANT, List.of(
                        new ContentBlock.Thinking("I should read it", "gAAAA-enc"),
                        new ContentBlock.Thinking("foreign, unsigned", ""),
                        new ContentBlock.RedactedThinking("opaque"),
                        new ContentBlock.Text("Let me check"),
                        new ContentBlock.ToolUse("call_a", "Read", obj("{\"file_path\":\"a.ts\"}")),
                        new ContentBlock.ToolUse("call_b", "Read", obj("{\"file_path\":\"b.ts\"}")))))
                .addMessage(new Message(Role.USER, List.of(
                        new ContentBlock.ToolResult("call_a", List.of(new ContentBlock.Text("export {}"),
                                new ContentBlock.Image(MediaSource.url("https://x/y.png"), null)), false, null),
                        new ContentBlock.ToolResult("call_b", List.of(new ContentBlock.Text("no such file")), true, null),
                        new ContentBlock.Text("Summarise"))))
                .build();
        JsonObject body = ResponsesRequestWriter.write(request, ResponsesUpstreamOptions.DEFAULTS);
        assertEquals(arr("""
                [{"role":"user","content":[{"type":"input_text","text":"What is in a.ts?"},
                   {"type":"input_image","image_url":"data:image/png;base64,iVBOR","detail":"auto"}]},
                 {"type":"reasoning","summary":[{"type":"summary_text","text":"I should read it"}],"encrypted_content":"gAAAA-enc"},
                 {"role":"assistant","content":[{"type":"output_text","text":"Let me check"}]},
                 {"type":"function_call","call_id":"call_a","name":"Read","arguments":"{\\"file_path\\":\\"a.ts\\"}"},
                 {"type":"function_call","call_id":"call_b","name":"Read","arguments":"{\\"file_path\\":\\"b.ts\\"}"},
                 {"type":"function_call_output","call_id":"call_a","output":"export {}"},
                 {"type":"function_call_output","call_id":"call_b","output":"[tool error] no such file"},
                 {"role":"user","content":[{"type":"input_image","image_url":"https://x/y.png","detail":"auto"},
                   {"type":"input_text","text":"Summarise"}]}]"""), body.getJsonArray("input"));
        assertEquals(JsonValue.FALSE, body.get("store"));
        assertFalse(body.containsKey("instructions"));
        assertFalse(body.containsKey("reasoning"));
        assertFalse(body.containsKey("stream"));
    }

    @Test
    void toolsAreFlatWithStrictFalse() {
        ChatRequest request = ChatRequest.builder("m")
                .addMessage(Message.user("x"))
                .addTool(new Tool("get_weather", "Weather", obj("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}")))
                .addTool(new Tool("later", "Deferred", obj("{\"type\":\"object\"}"), null, true, null, Map.of()))
                .addTool(new Tool("web_search", null, obj("{}"), null, false, "web_search",
                        Map.of("search_context_size", Jsons.value("low"))))
                .toolChoice(new ToolChoice(ToolChoice.Type.TOOL, "get_weather", true))
                .build();
        JsonObject body = ResponsesRequestWriter.write(request, ResponsesUpstreamOptions.DEFAULTS);
        assertEquals(arr("""
                [{"type":"function","name":"get_weather","description":"Weather",
                  "parameters":{"type":"object","properties":{"city":{"type":"string"}}},"strict":false},
                 {"type":"web_search","search_context_size":"low"}]"""), body.getJsonArray("tools"));
        assertEquals(obj("{\"type\":\"function\",\"name\":\"get_weather\"}"), body.getJsonObject("tool_choice"));
        assertEquals(JsonValue.FALSE, body.get("parallel_tool_calls"));
    }

    @ParameterizedTest
    @CsvSource({"AUTO,\"auto\"", "ANY,\"required\"", "NONE,\"none\""})
    void toolChoiceTypes(ToolChoice.Type type, String expected) {
        ChatRequest request = ChatRequest.builder("m").addMessage(Message.user("x"))
                .addTool(new Tool("f", null, obj("{\"type\":\"object\"}")))
                .toolChoice(new ToolChoice(type, null, false)).build();
        JsonObject body = ResponsesRequestWriter.write(request, ResponsesUpstreamOptions.DEFAULTS);
        assertEquals(Jsons.parseValue(expected), body.get("tool_choice"));
        assertFalse(body.containsKey("parallel_tool_calls"));
    }

    @Test
    void systemMessagesInsideTheConversationBecomeRemindersInTheAdjacentUserMessage() {
        ChatRequest request = ChatRequest.builder("m")
                .addMessage(Message.user("first"))
                .addMessage(new Message(Role.SYSTEM, List.of(new ContentBlock.Text("mid", CacheControl.EPHEMERAL))))
                .addMessage(Message.assistant("ok"))
                .addMessage(new Message(Role.SYSTEM, List.of(new ContentBlock.Text("before user"))))
                .addMessage(Message.user("second"))
                .addMessage(new Message(Role.SYSTEM, List.of(new ContentBlock.Text("last"))))
                .build();
        JsonObject body = ResponsesRequestWriter.write(request, ResponsesUpstreamOptions.DEFAULTS);
        assertEquals(arr("""
                [{"role":"user","content":[{"type":"input_text","text":"first"},
                   {"type":"input_text","text":"<system-reminder>\\nmid\\n</system-reminder>"}]},
                 {"role":"assistant","content":[{"type":"output_text","text":"ok"}]},
                 {"role":"user","content":[{"type":"input_text","text":"<system-reminder>\\nbefore user\\n</system-reminder>"},
                   {"type":"input_text","text":"second"},
                   {"type":"input_text","text":"<system-reminder>\\nlast\\n</system-reminder>"}]}]"""),
                body.getJsonArray("input"));
    }

    @Test
    void systemMessageBetweenAssistantsBecomesItsOwnUserMessage() {
        ChatRequest request = ChatRequest.builder("m")
                .addMessage(Message.user("u"))
                .addMessage(Message.assistant("a1"))
                .addMessage(new Message(Role.SYSTEM, List.of(new ContentBlock.Text("s"))))
                .addMessage(Message.assistant("a2"))
                .build();
        JsonObject body = ResponsesRequestWriter.write(request, ResponsesUpstreamOptions.DEFAULTS);
        assertEquals(obj("{\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"<system-reminder>\\ns\\n</system-reminder>\"}]}"),
                body.getJsonArray("input").getJsonObject(2));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            // thinking mode, budget, effort, xhigh supported, override, expected effort
            "ADAPTIVE,null,null,false,null,medium",
            "ADAPTIVE,null,xhigh,false,null,high",
            "ADAPTIVE,null,max,true,null,xhigh",
            "ENABLED,1500,null,false,null,low",
            "ENABLED,2048,null,false,null,medium",
            "ENABLED,31999,null,false,null,high",
            "DISABLED,null,high,false,null,null",
            "null,null,low,false,null,low",
            "null,null,null,false,null,null",
            "ENABLED,31999,null,false,off,null",
            "null,null,null,false,high,high"})
    void reasoningEffort(ThinkingConfig.Mode mode, Integer budget, String effort, boolean xhigh, String override,
                         String expected) {
        ChatRequest request = ChatRequest.builder("m").addMessage(Message.user("x"))
                .thinking(mode == null ? null : new ThinkingConfig(mode, budget, null))
                .effort(effort).build();
        JsonObject body = ResponsesRequestWriter.write(request,
                new ResponsesUpstreamOptions(null, override, true, true, xhigh));
        if (expected == null) {
            assertFalse(body.containsKey("reasoning"));
            assertFalse(body.containsKey("include"));
        } else {
            assertEquals(obj("{\"effort\":\"" + expected + "\",\"summary\":\"auto\"}"), body.getJsonObject("reasoning"));
            assertEquals(arr("[\"reasoning.encrypted_content\"]"), body.getJsonArray("include"));
        }
    }

    @Test
    void outputFormatAndSamplingParameters() {
        ChatRequest request = ChatRequest.builder("m").addMessage(Message.user("x"))
                .outputFormat(obj("{\"type\":\"json_schema\",\"schema\":{\"type\":\"object\"}}"))
                .temperature(0.3).topP(0.8).build();
        JsonObject body = ResponsesRequestWriter.write(request, ResponsesUpstreamOptions.DEFAULTS);
        assertEquals(obj("{\"format\":{\"type\":\"json_schema\",\"name\":\"response\",\"schema\":{\"type\":\"object\"},\"strict\":false}}"),
                body.getJsonObject("text"));
        assertEquals(0.3, body.getJsonNumber("temperature").doubleValue());
        assertEquals(0.8, body.getJsonNumber("top_p").doubleValue());
    }

    @Test
    void aClientResponsesRequestSurvivesTheRoundTripThroughCanonical() throws Exception {
        String client = """
                {"model":"gpt-5.2","instructions":"Be brief.","input":[
                  {"role":"user","content":[{"type":"input_text","text":"List files"}]},
                  {"type":"reasoning","summary":[{"type":"summary_text","text":"Use ls"}],"encrypted_content":"enc"},
                  {"type":"function_call","call_id":"call_1","name":"Bash","arguments":"{\\"command\\":\\"ls\\"}"},
                  {"type":"function_call_output","call_id":"call_1","output":"a.txt"}],
                 "tools":[{"type":"function","name":"Bash","parameters":{"type":"object"}}],"stream":true}""";
        ChatRequest canonical = ResponsesRequestReader.read(Jsons.parseObject(client)).chatRequest();
        JsonObject upstream = ResponsesRequestWriter.write(canonical, ResponsesUpstreamOptions.DEFAULTS);
        JsonObject original = Jsons.parseObject(client);
        assertEquals(original.getJsonArray("input"), upstream.getJsonArray("input"));
        assertEquals("Be brief.", upstream.getString("instructions"));
        assertEquals(JsonValue.TRUE, upstream.get("stream"));
    }

    /** Codex's say-hi with a reasoning effort and a verbosity, converted (not relayed) for a Responses upstream. */
    private static JsonObject codexConverted(String reasoning) throws Exception {
        JsonObject body = dev.switchboard.testkit.Fixtures.capture("codex", "say-hi").body();
        JsonObject edited = Jsons.objectBuilder(body).add("reasoning", obj(reasoning))
                .add("text", obj("{\"verbosity\":\"low\"}")).add("store", true).build();
        ChatRequest r = ResponsesRequestReader.read(edited).chatRequest();
        return ResponsesRequestWriter.write(r, ResponsesUpstreamOptions.DEFAULTS);
    }

    @Test
    void aResponsesClientsSummaryVerbosityIncludeAndCacheKeyReachAResponsesUpstreamButNotItsClientMetadata()
            throws Exception {
        JsonObject body = codexConverted("{\"effort\":\"high\",\"summary\":\"detailed\"}");
        assertEquals(obj("{\"effort\":\"high\",\"summary\":\"detailed\"}"), body.getJsonObject("reasoning"));
        assertEquals(obj("{\"verbosity\":\"low\"}"), body.getJsonObject("text"));
        assertEquals(arr("[\"reasoning.encrypted_content\"]"), body.getJsonArray("include"));
        assertEquals("01a24d74-66e1-70f0-abdb-343957dd71b0", body.getString("prompt_cache_key"));
        assertFalse(body.containsKey("client_metadata"), "Codex's ids are not sent on conversion");
        assertEquals(JsonValue.FALSE, body.get("store"), "the gateway stores nothing, whatever the client asked");
    }

    @Test
    void encryptedReasoningIsNotAskedOfARequestThatDoesNotReason() throws Exception {
        JsonObject body = codexConverted("{\"effort\":\"none\",\"summary\":\"auto\"}");
        assertFalse(body.containsKey("reasoning"), body.toString());
        assertFalse(body.containsKey("include"), "a model that does not reason refuses encrypted reasoning");
        assertEquals(obj("{\"verbosity\":\"low\"}"), body.getJsonObject("text"));
    }

    @Test
    void anUnknownSummaryOrVerbosityIsNotForwarded() throws Exception {
        ChatRequest r = ResponsesRequestReader.read(obj("""
                {"model":"m","input":"x","reasoning":{"effort":"low","summary":"verbose"},
                 "text":{"verbosity":"loud","format":{"type":"json_object"}}}""")).chatRequest();
        JsonObject body = ResponsesRequestWriter.write(r, ResponsesUpstreamOptions.DEFAULTS);
        assertEquals(obj("{\"effort\":\"low\",\"summary\":\"auto\"}"), body.getJsonObject("reasoning"));
        assertFalse(body.getJsonObject("text").containsKey("verbosity"), body.toString());
        assertEquals(1, body.getJsonObject("text").size(), "only the format");
    }
}
