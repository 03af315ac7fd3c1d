package dev.switchboard.kernel.dialect.responses;

import dev.switchboard.wire.responses.ResponsesStreamDecoder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.kernel.dialect.SseWriter;
import dev.switchboard.testkit.GuardedStreams;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatResponse;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.SignatureOrigin;
import dev.switchboard.spi.model.StopReason;
import dev.switchboard.spi.model.Usage;
import dev.switchboard.spi.stream.Delta;
import dev.switchboard.spi.stream.ResponseEvents;
import dev.switchboard.spi.stream.StreamAccumulator;
import dev.switchboard.spi.stream.StreamEvent;
import dev.switchboard.wire.sse.SseEvent;
import dev.switchboard.wire.sse.SseReader;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResponsesStreamWriterTest {
    private static final Usage USAGE = new Usage(3, 581, 22156, 11204, null);

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    private ResponsesStreamWriter writer(ResponsesWriterOptions options) {
        return new ResponsesStreamWriter(new SseWriter(bytes), "resp_test", 1774400000L, "gpt-requested", options);
    }

    private List<SseEvent> frames() {
        byte[] b = bytes.toByteArray();
        SseReader reader = new SseReader();
        List<SseEvent> out = new ArrayList<>(reader.feed(b, 0, b.length));
        out.addAll(reader.finish());
        return out;
    }

    private List<JsonObject> data() {
        return frames().stream().map(f -> Jsons.parseObject(f.data())).toList();
    }

    private static List<String> types(List<JsonObject> data) {
        return data.stream().map(d -> d.getString("type")).toList();
    }

    private static void writeAll(ResponsesStreamWriter w, List<StreamEvent> events) throws IOException {
        for (StreamEvent e : events) {
            w.write(e);
        }
    }

    /**
     * Text + tool → Responses events in the order the SDK expects ({@code response.created} first, each output item
     * added before its deltas and done before the next), distinct output_index, dense sequence numbers.
     */
    private static List<StreamEvent> textAndTool() {
        return List.of(
                new StreamEvent.MessageStart("msg_up", "upstream-model", new Usage(3, 0, 22156, 11204, null)),
                new StreamEvent.BlockStart(0, new ContentBlock.Text("")),
                new StreamEvent.BlockDelta(0, new Delta.TextDelta("Let me ")),
                new StreamEvent.BlockDelta(0, new Delta.TextDelta("check")),
                new StreamEvent.BlockStop(0),
                new StreamEvent.BlockStart(1, new ContentBlock.ToolUse("call_a", "Read", JsonValue.EMPTY_JSON_OBJECT)),
                new StreamEvent.BlockDelta(1, new Delta.InputJsonDelta("{\"file_path\":")),
                new StreamEvent.BlockDelta(1, new Delta.InputJsonDelta("\"a.ts\"}")),
                new StreamEvent.BlockStop(1),
                new StreamEvent.MessageDelta(StopReason.TOOL_USE, null, USAGE),
                new StreamEvent.MessageStop());
    }

    @Test
    void textAndToolFollowTheResponsesGrammar() throws IOException {
        writeAll(writer(ResponsesWriterOptions.DEFAULTS), textAndTool());
        List<SseEvent> frames = frames();
        List<JsonObject> data = data();
        assertEquals(List.of("response.created", "response.in_progress",
                "response.output_item.added", "response.content_part.added",
                "response.output_text.delta", "response.output_text.delta",
                "response.output_text.done", "response.content_part.done", "response.output_item.done",
                "response.output_item.added",
                "response.function_call_arguments.delta", "response.function_call_arguments.delta",
                "response.function_call_arguments.done", "response.output_item.done",
                "response.completed"), types(data));
        for (int i = 0; i < frames.size(); i++) {
            assertEquals(frames.get(i).event(), data.get(i).getString("type"), "event: equals data.type");
            assertEquals(i, data.get(i).getInt("sequence_number"), "sequence numbers dense from 0");
        }
        // every delta refers to an item announced before it, with that item's output_index
        Set<String> announced = new HashSet<>();
        Set<Integer> indexes = new HashSet<>();
        for (JsonObject d : data) {
            if (d.getString("type").equals("response.output_item.added")) {
                announced.add(d.getJsonObject("item").getString("id"));
                assertTrue(indexes.add(d.getInt("output_index")), "distinct output_index");
            } else if (d.containsKey("item_id")) {
                assertTrue(announced.contains(d.getString("item_id")), "added before its events: " + d);
            }
        }
        assertEquals(Set.of(0, 1), indexes);

        JsonObject message = data.get(2).getJsonObject("item");
        assertEquals("message", message.getString("type"));
        assertTrue(message.getString("id").startsWith("msg_"));
        assertEquals(Json.createObjectBuilder().add("type", "output_text").add("text", "")
                .add("annotations", JsonValue.EMPTY_JSON_ARRAY).build(), data.get(3).getJsonObject("part"));
        assertEquals("Let me check", data.get(6).getString("text"));
        JsonObject call = data.get(9).getJsonObject("item");
        assertEquals("function_call", call.getString("type"));
        assertTrue(call.getString("id").startsWith("fc_"));
        assertEquals("call_a", call.getString("call_id"));
        assertEquals("Read", call.getString("name"));
        assertEquals("", call.getString("arguments"));
        assertEquals(1, data.get(10).getInt("output_index"));
        assertEquals("{\"file_path\":\"a.ts\"}", data.get(12).getString("arguments"));

        JsonObject response = data.get(14).getJsonObject("response");
        assertEquals("resp_test", response.getString("id"));
        assertEquals("completed", response.getString("status"));
        assertEquals("gpt-requested", response.getString("model"));
        assertEquals(JsonValue.FALSE, response.get("store"));
        JsonArray output = response.getJsonArray("output");
        assertEquals(2, output.size());
        assertEquals("Let me check", output.getJsonObject(0).getJsonArray("content").getJsonObject(0).getString("text"));
        assertEquals("{\"file_path\":\"a.ts\"}", output.getJsonObject(1).getString("arguments"));
        JsonObject usage = response.getJsonObject("usage");
        assertEquals(33363, usage.getInt("input_tokens"));
        assertEquals(11204, usage.getJsonObject("input_tokens_details").getInt("cached_tokens"));
        assertEquals(22156, usage.getJsonObject("input_tokens_details").getInt("cache_write_tokens"));
        assertEquals(581, usage.getInt("output_tokens"));
        assertEquals(33944, usage.getInt("total_tokens"));
        // the created event already carries what strict SDKs require of a response object
        JsonObject created = data.get(0).getJsonObject("response");
        assertEquals("in_progress", created.getString("status"));
        assertEquals(JsonValue.EMPTY_JSON_ARRAY, created.getJsonArray("output"));
        assertTrue(created.containsKey("tools") && created.containsKey("tool_choice")
                && created.containsKey("parallel_tool_calls"));
    }

    @Test
    void terminalResponseIsBuiltLikeTheUnaryOne() throws Exception {
        List<StreamEvent> events = textAndTool();
        writeAll(writer(ResponsesWriterOptions.DEFAULTS), events);
        List<JsonObject> data = data();
        JsonObject streamed = data.get(data.size() - 1).getJsonObject("response");
        StreamAccumulator acc = new StreamAccumulator();
        acc.acceptAll(events);
        JsonObject unary = ResponsesResponseWriter.write(acc.toResponse().withModel("gpt-requested"), "resp_test",
                1774400000L, ResponsesWriterOptions.DEFAULTS);
        assertEquals(withoutItemIds(unary), withoutItemIds(streamed));
    }

    static JsonObject withoutItemIds(JsonObject response) {
        var output = Json.createArrayBuilder();
        for (JsonValue item : response.getJsonArray("output")) {
            output.add(Json.createObjectBuilder(item.asJsonObject()).remove("id"));
        }
        return Json.createObjectBuilder(response).add("output", output).build();
    }

    @Test
    void writerOutputDecodesBackToTheSameAnswer() throws Exception {
        ChatResponse original = new ChatResponse("msg_x", "gpt-requested", List.of(
                new ContentBlock.Thinking("Considering", "sig-123", SignatureOrigin.OPENAI),
                new ContentBlock.Text("Answer ✓"),
                new ContentBlock.ToolUse("call_z", "Bash", Json.createObjectBuilder().add("command", "ls").build())),
                StopReason.TOOL_USE, null, USAGE);
        writeAll(writer(new ResponsesWriterOptions(true, JsonValue.EMPTY_JSON_OBJECT)), ResponseEvents.unfold(original));
        byte[] sse = bytes.toByteArray();
        ResponsesStreamDecoder decoder = new ResponsesStreamDecoder();
        StreamAccumulator acc = new StreamAccumulator();
        acc.acceptAll(decoder.onBytes(sse, 0, sse.length));
        acc.acceptAll(decoder.onEnd());
        ChatResponse decoded = acc.toResponse();
        assertEquals(original.content(), decoded.content());
        assertEquals(StopReason.TOOL_USE, decoded.stopReason());
        assertEquals(USAGE, decoded.usage(), "cache reads and writes survive the round trip");
    }

    @Test
    void thinkingBecomesAReasoningItemWithEncryptedContentOnlyWhenAsked() throws IOException {
        List<StreamEvent> events = List.of(
                new StreamEvent.MessageStart("m", "x", Usage.ZERO),
                new StreamEvent.BlockStart(0, new ContentBlock.Thinking("", "")),
                new StreamEvent.BlockDelta(0, new Delta.ThinkingDelta("Hmm")),
                new StreamEvent.BlockDelta(0, new Delta.SignatureDelta("sig-abc")),
                new StreamEvent.BlockStop(0),
                new StreamEvent.MessageDelta(StopReason.END_TURN, null, Usage.of(1, 2)),
                new StreamEvent.MessageStop());
        writeAll(writer(new ResponsesWriterOptions(true, JsonValue.EMPTY_JSON_OBJECT)), events);
        List<JsonObject> data = data();
        assertEquals(List.of("response.created", "response.in_progress", "response.output_item.added",
                "response.reasoning_summary_part.added", "response.reasoning_summary_text.delta",
                "response.reasoning_summary_text.done", "response.reasoning_summary_part.done",
                "response.output_item.done", "response.completed"), types(data));
        JsonObject done = data.get(7).getJsonObject("item");
        assertEquals("reasoning", done.getString("type"));
        assertTrue(done.getString("id").startsWith("rs_"));
        assertEquals("sig-abc", done.getString("encrypted_content"));
        assertEquals("Hmm", done.getJsonArray("summary").getJsonObject(0).getString("text"));
        assertEquals(0, data.get(4).getInt("summary_index"));

        bytes.reset();
        writeAll(writer(ResponsesWriterOptions.DEFAULTS), events);
        JsonObject withoutInclude = data().get(7).getJsonObject("item");
        assertFalse(withoutInclude.containsKey("encrypted_content"));
    }

    @Test
    void emptyBlocksProduceNoItemsAndToolsWithoutArgumentsGetAnEmptyObject() throws IOException {
        // Through the guard, as in the kernel's pipeline: the "{}" is the grammar's, not the writer's.
        writeAll(writer(ResponsesWriterOptions.DEFAULTS), GuardedStreams.of(List.of(
                new StreamEvent.MessageStart("m", "x", Usage.ZERO),
                new StreamEvent.BlockStart(0, new ContentBlock.Text("")),
                new StreamEvent.BlockStop(0),
                new StreamEvent.BlockStart(1, new ContentBlock.Thinking("", "")),
                new StreamEvent.BlockDelta(1, new Delta.SignatureDelta("")),
                new StreamEvent.BlockStop(1),
                new StreamEvent.BlockStart(2, new ContentBlock.ToolUse("call_n", "Now", JsonValue.EMPTY_JSON_OBJECT)),
                new StreamEvent.BlockStop(2),
                new StreamEvent.MessageDelta(StopReason.TOOL_USE, null, Usage.ZERO),
                new StreamEvent.MessageStop())));
        List<JsonObject> data = data();
        assertEquals(List.of("response.created", "response.in_progress", "response.output_item.added",
                "response.function_call_arguments.delta", "response.function_call_arguments.done",
                "response.output_item.done", "response.completed"), types(data));
        assertEquals(0, data.get(2).getInt("output_index"), "skipped blocks take no output_index");
        assertEquals("{}", data.get(3).getString("delta"));
        assertEquals("{}", data.get(4).getString("arguments"));
        assertEquals(1, data.get(6).getJsonObject("response").getJsonArray("output").size());
    }

    /** The writer only writes: a call without input gets no arguments it did not carry. */
    @Test
    void theWriterInventsNoArguments() throws IOException {
        writeAll(writer(ResponsesWriterOptions.DEFAULTS), List.of(
                new StreamEvent.MessageStart("m", "x", Usage.ZERO),
                new StreamEvent.BlockStart(0, new ContentBlock.ToolUse("call_n", "Now", JsonValue.EMPTY_JSON_OBJECT)),
                new StreamEvent.BlockStop(0),
                new StreamEvent.MessageDelta(StopReason.TOOL_USE, null, Usage.ZERO),
                new StreamEvent.MessageStop()));
        List<JsonObject> data = data();
        assertFalse(types(data).contains("response.function_call_arguments.delta"), types(data).toString());
        assertEquals("", data.get(3).getString("arguments"));
    }

    @Test
    void maxTokensEndsWithResponseIncomplete() throws IOException {
        writeAll(writer(ResponsesWriterOptions.DEFAULTS), List.of(
                new StreamEvent.MessageStart("m", "x", Usage.ZERO),
                new StreamEvent.BlockStart(0, new ContentBlock.Text("")),
                new StreamEvent.BlockDelta(0, new Delta.TextDelta("Once")),
                new StreamEvent.BlockStop(0),
                new StreamEvent.MessageDelta(StopReason.MAX_TOKENS, null, Usage.of(5, 16)),
                new StreamEvent.MessageStop()));
        List<JsonObject> data = data();
        JsonObject last = data.get(data.size() - 1);
        assertEquals("response.incomplete", last.getString("type"));
        assertEquals("incomplete", last.getJsonObject("response").getString("status"));
        assertEquals("max_output_tokens",
                last.getJsonObject("response").getJsonObject("incomplete_details").getString("reason"));
    }

    @Test
    void midStreamErrorIsAnErrorEventThenResponseFailed() throws IOException {
        ResponsesStreamWriter w = writer(ResponsesWriterOptions.DEFAULTS);
        writeAll(w, List.of(
                new StreamEvent.MessageStart("m", "x", Usage.ZERO),
                new StreamEvent.BlockStart(0, new ContentBlock.Text("")),
                new StreamEvent.BlockDelta(0, new Delta.TextDelta("Partial")),
                new StreamEvent.StreamError(ErrorKind.UPSTREAM_OVERLOADED, "Overloaded")));
        w.write(new StreamEvent.MessageStop()); // ignored after the terminal event
        w.finish(); // nothing more either
        List<SseEvent> frames = frames();
        List<JsonObject> data = data();
        assertEquals(List.of("response.created", "response.in_progress", "response.output_item.added",
                "response.content_part.added", "response.output_text.delta", "error", "response.failed"), types(data));
        assertEquals("error", frames.get(5).event());
        assertEquals(Json.createObjectBuilder().add("type", "error").add("sequence_number", 5)
                .add("code", "overloaded").add("message", "Overloaded").add("param", JsonValue.NULL).build(), data.get(5));
        JsonObject failed = data.get(6).getJsonObject("response");
        assertEquals("failed", failed.getString("status"));
        // a failed response's error.code is a closed set in openai-java: overloaded is a server_error there
        assertEquals(Json.createObjectBuilder().add("code", "server_error").add("message", "Overloaded").build(),
                failed.getJsonObject("error"));
        assertEquals(6, data.get(6).getInt("sequence_number"));
    }

    @Test
    void finishWithoutTerminalEventEndsWithAnErrorAndHeartbeatsAreComments() throws IOException {
        ResponsesStreamWriter w = writer(ResponsesWriterOptions.DEFAULTS);
        w.write(new StreamEvent.MessageStart("m", "x", Usage.ZERO));
        w.heartbeat();
        w.finish();
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("\n\n: keep-alive\n\n"), text);
        List<JsonObject> data = data();
        assertEquals(List.of("response.created", "response.in_progress", "error", "response.failed"), types(data));
        assertEquals(2, data.get(2).getInt("sequence_number"), "comments take no sequence number");
        assertEquals("server_error", data.get(2).getString("code"));
    }

    @Test
    void finishAfterCompletionWritesNothing() throws IOException {
        ResponsesStreamWriter w = writer(ResponsesWriterOptions.DEFAULTS);
        writeAll(w, textAndTool());
        int size = bytes.size();
        w.finish();
        assertEquals(size, bytes.size());
    }

    @Test
    void createdComesFirstEvenWhenTheFirstEventIsABlock() throws IOException {
        ResponsesStreamWriter w = ResponsesStreamWriter.create(new SseWriter(bytes), "m", ResponsesWriterOptions.DEFAULTS);
        w.write(new StreamEvent.BlockStart(0, new ContentBlock.Text("")));
        w.write(new StreamEvent.BlockDelta(0, new Delta.TextDelta("x")));
        List<JsonObject> data = data();
        assertEquals("response.created", data.get(0).getString("type"));
        assertNotEquals("resp_test", w.responseId());
        assertTrue(w.responseId().startsWith("resp_"));
    }
}
