package dev.switchboard.kernel.dialect.responses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatResponse;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.StopReason;
import dev.switchboard.spi.model.Usage;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResponsesResponseWriterTest {

    private static ChatResponse response(StopReason stop, Usage usage, ContentBlock... blocks) {
        return new ChatResponse("msg_up", "gpt-requested", List.of(blocks), stop, null, usage);
    }

    @Test
    void oneOutputItemPerBlockInTheResponsesShape() {
        ChatResponse r = response(StopReason.TOOL_USE, Usage.of(10, 5),
                new ContentBlock.Thinking("Reasoning here", "sig"),
                new ContentBlock.Text(""),
                new ContentBlock.Text("Let me check"),
                new ContentBlock.RedactedThinking("opaque"),
                new ContentBlock.ToolUse("toolu_01", "Read", Jsons.parseObject("{\"file_path\":\"a.ts\"}")));
        JsonObject json = ResponsesResponseWriter.write(r, "resp_abc", 1774400000L, ResponsesWriterOptions.DEFAULTS);

        assertEquals("resp_abc", json.getString("id"));
        assertEquals("response", json.getString("object"));
        assertEquals(1774400000L, json.getJsonNumber("created_at").longValue());
        assertEquals("completed", json.getString("status"));
        assertEquals(JsonValue.NULL, json.get("incomplete_details"));
        assertEquals(JsonValue.NULL, json.get("error"));
        assertEquals("gpt-requested", json.getString("model"));
        assertEquals(JsonValue.FALSE, json.get("store"));
        // fields openai-java requires on every response object
        assertEquals(JsonValue.EMPTY_JSON_ARRAY, json.getJsonArray("tools"));
        assertEquals("auto", json.getString("tool_choice"));
        assertEquals(JsonValue.TRUE, json.get("parallel_tool_calls"));

        JsonArray output = json.getJsonArray("output");
        assertEquals(3, output.size(), "empty text and redacted thinking have no item: " + output);
        JsonObject reasoning = output.getJsonObject(0);
        assertTrue(reasoning.getString("id").startsWith("rs_"));
        assertEquals(Jsons.parseObject("{\"type\":\"reasoning\",\"summary\":[{\"type\":\"summary_text\",\"text\":\"Reasoning here\"}]}"),
                withoutId(reasoning));
        JsonObject message = output.getJsonObject(1);
        assertTrue(message.getString("id").startsWith("msg_"));
        assertEquals(Jsons.parseObject("""
                {"type":"message","status":"completed","role":"assistant",
                 "content":[{"type":"output_text","text":"Let me check","annotations":[]}]}"""), withoutId(message));
        JsonObject call = output.getJsonObject(2);
        assertTrue(call.getString("id").startsWith("fc_"));
        assertEquals(Jsons.parseObject("""
                {"type":"function_call","status":"completed","call_id":"toolu_01","name":"Read",
                 "arguments":"{\\"file_path\\":\\"a.ts\\"}"}"""), withoutId(call));
    }

    private static JsonObject withoutId(JsonObject item) {
        return Jsons.objectBuilder(item).remove("id").build();
    }

    @ParameterizedTest
    @CsvSource({
            // input, output, cache creation, cache read -> input_tokens, cached_tokens, total
            "3,581,22156,11204,33363,11204,33944",
            "200,50,0,800,1000,800,1050",
            "0,0,0,0,0,0,0"})
    void usageArithmetic(long input, long output, long creation, long read, long inputTokens, long cached, long total) {
        JsonObject usage = ResponsesResponseWriter.write(response(StopReason.END_TURN,
                new Usage(input, output, creation, read, null), new ContentBlock.Text("x")), "resp_1", 1L,
                ResponsesWriterOptions.DEFAULTS).getJsonObject("usage");
        assertEquals(inputTokens, usage.getJsonNumber("input_tokens").longValue());
        assertEquals(cached, usage.getJsonObject("input_tokens_details").getJsonNumber("cached_tokens").longValue());
        assertEquals(creation, usage.getJsonObject("input_tokens_details").getJsonNumber("cache_write_tokens").longValue());
        assertEquals(output, usage.getJsonNumber("output_tokens").longValue());
        assertEquals(0, usage.getJsonObject("output_tokens_details").getInt("reasoning_tokens"));
        assertEquals(total, usage.getJsonNumber("total_tokens").longValue());
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "END_TURN,completed,null",
            "STOP_SEQUENCE,completed,null",
            "PAUSE_TURN,completed,null",
            "TOOL_USE,completed,null",
            "MAX_TOKENS,incomplete,max_output_tokens",
            "MODEL_CONTEXT_WINDOW_EXCEEDED,incomplete,max_output_tokens",
            "REFUSAL,incomplete,content_filter"})
    void statusFollowsTheStopReason(StopReason stop, String status, String reason) {
        JsonObject json = ResponsesResponseWriter.write(response(stop, Usage.ZERO, new ContentBlock.Text("x")),
                "resp_1", 1L, ResponsesWriterOptions.DEFAULTS);
        assertEquals(status, json.getString("status"));
        if (reason == null) {
            assertEquals(JsonValue.NULL, json.get("incomplete_details"));
        } else {
            assertEquals(reason, json.getJsonObject("incomplete_details").getString("reason"));
        }
    }

    @Test
    void encryptedContentOnlyWhenTheClientIncludedIt() {
        ChatResponse r = response(StopReason.END_TURN, Usage.ZERO, new ContentBlock.Thinking("", "enc-sig"),
                new ContentBlock.Text("hi"));
        JsonArray without = ResponsesResponseWriter.write(r, "resp_1", 1L, ResponsesWriterOptions.DEFAULTS)
                .getJsonArray("output");
        assertEquals(1, without.size(), "a thinking block with nothing to show has no item");
        JsonArray with = ResponsesResponseWriter.write(r, "resp_1", 1L,
                new ResponsesWriterOptions(true, JsonValue.EMPTY_JSON_OBJECT)).getJsonArray("output");
        assertEquals(2, with.size());
        assertEquals("enc-sig", with.getJsonObject(0).getString("encrypted_content"));
        assertEquals(JsonValue.EMPTY_JSON_ARRAY, with.getJsonObject(0).getJsonArray("summary"));
    }

    @Test
    void requestFieldsAreEchoed() {
        JsonObject echo = Jsons.parseObject("""
                {"instructions":"Be brief.","tools":[{"type":"function","name":"f"}],"tool_choice":"required",
                 "parallel_tool_calls":false,"temperature":0.5,"max_output_tokens":100}""");
        JsonObject json = ResponsesResponseWriter.write(response(StopReason.END_TURN, Usage.ZERO,
                new ContentBlock.Text("x")), new ResponsesWriterOptions(false, echo));
        assertEquals("Be brief.", json.getString("instructions"));
        assertEquals("required", json.getString("tool_choice"));
        assertEquals(JsonValue.FALSE, json.get("parallel_tool_calls"));
        assertEquals(echo.getJsonArray("tools"), json.getJsonArray("tools"));
        assertEquals(100, json.getInt("max_output_tokens"));
        assertTrue(json.getString("id").startsWith("resp_"));
        assertFalse(json.getString("id").equals("resp_"));
    }
}
