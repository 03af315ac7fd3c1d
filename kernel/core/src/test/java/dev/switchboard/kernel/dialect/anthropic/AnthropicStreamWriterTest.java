package dev.switchboard.kernel.dialect.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.kernel.dialect.SseWriter;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.StopReason;
import dev.switchboard.spi.model.Usage;
import dev.switchboard.spi.model.UsageSource;
import dev.switchboard.spi.stream.Delta;
import dev.switchboard.spi.stream.StreamEvent;
import dev.switchboard.wire.anthropic.AnthropicUsageJson;
import dev.switchboard.wire.sse.SseEvent;
import dev.switchboard.wire.sse.SseReader;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnthropicStreamWriterTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final AnthropicStreamWriter writer = new AnthropicStreamWriter(new SseWriter(bytes), "msg_gw", "claude-opus-5-5");

    private static final Usage START = new Usage(25, 1, 100, 2000, UsageSource.UPSTREAM);

    /** One frame as written: its event name and its data. */
    record Frame(String event, JsonObject data) {
    }

    /** Parses what the writer produced and checks the SDK rule that every frame's event equals data.type. */
    private List<Frame> frames() {
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.endsWith("\n\n"), "every frame is complete");
        List<Frame> out = new ArrayList<>();
        byte[] raw = bytes.toByteArray();
        for (SseEvent e : new SseReader().feed(raw, 0, raw.length)) {
            JsonObject data = Jsons.parseObject(e.data());
            assertEquals(e.event(), data.getString("type"), "event: equals data.type");
            out.add(new Frame(e.event(), data));
        }
        return out;
    }

    private static Frame f(String json) {
        JsonObject data = Jsons.parseObject(json);
        return new Frame(data.getString("type"), data);
    }

    private void write(StreamEvent... events) throws IOException {
        for (StreamEvent e : events) {
            writer.write(e);
        }
    }

    private static final String MESSAGE_START = """
            {"type":"message_start","message":{"id":"msg_gw","type":"message","role":"assistant","model":"claude-opus-5-5",
             "content":[],"stop_reason":null,"stop_sequence":null,
             "usage":{"input_tokens":25,"output_tokens":1,"cache_creation_input_tokens":100,"cache_read_input_tokens":2000,
                      "cache_creation":{"ephemeral_5m_input_tokens":100,"ephemeral_1h_input_tokens":0}}}}""";

    @Test
    void textStream() throws IOException {
        write(new StreamEvent.MessageStart("msg_up", "upstream-model", START),
                new StreamEvent.BlockStart(0, new ContentBlock.Text("")),
                new StreamEvent.BlockDelta(0, new Delta.TextDelta("Hel")),
                new StreamEvent.BlockDelta(0, new Delta.TextDelta("lo ✓")),
                new StreamEvent.BlockStop(0),
                new StreamEvent.MessageDelta(StopReason.END_TURN, null, Usage.of(0, 5)),
                new StreamEvent.MessageStop());
        writer.finish(); // no effect after message_stop
        assertEquals(List.of(
                f(MESSAGE_START),
                f("{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"),
                f("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hel\"}}"),
                f("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"lo ✓\"}}"),
                f("{\"type\":\"content_block_stop\",\"index\":0}"),
                f("""
                  {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},
                   "usage":{"output_tokens":5,"input_tokens":25,"cache_read_input_tokens":2000,"cache_creation_input_tokens":100}}"""),
                f("{\"type\":\"message_stop\"}")), frames());
        assertTrue(bytes.toString(StandardCharsets.UTF_8).startsWith("event: message_start\ndata: {\"type\":\"message_start\""));
    }

    @Test
    void thinkingWithSignatureThenToolUse() throws IOException {
        write(new StreamEvent.MessageStart(null, null, Usage.of(10, 0)),
                new StreamEvent.BlockStart(0, new ContentBlock.Thinking("", "")),
                new StreamEvent.BlockDelta(0, new Delta.ThinkingDelta("Let me think")),
                new StreamEvent.BlockDelta(0, new Delta.SignatureDelta("EqQBCkYIBxgC")),
                new StreamEvent.BlockStop(0),
                new StreamEvent.BlockStart(1, new ContentBlock.ToolUse("toolu_01", "Bash", JsonValue.EMPTY_JSON_OBJECT)),
                new StreamEvent.BlockDelta(1, new Delta.InputJsonDelta("{\"command\":")),
                new StreamEvent.BlockDelta(1, new Delta.InputJsonDelta("\"ls\"}")),
                new StreamEvent.BlockStop(1),
                new StreamEvent.MessageDelta(StopReason.TOOL_USE, null, Usage.of(10, 42)),
                new StreamEvent.MessageStop());
        List<Frame> frames = frames();
        assertEquals(List.of(
                f("{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}}"),
                f("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"Let me think\"}}"),
                f("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\",\"signature\":\"EqQBCkYIBxgC\"}}"),
                f("{\"type\":\"content_block_stop\",\"index\":0}"),
                f("{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_01\",\"name\":\"Bash\",\"input\":{}}}"),
                f("{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"command\\\":\"}}"),
                f("{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\\\"ls\\\"}\"}}"),
                f("{\"type\":\"content_block_stop\",\"index\":1}"),
                f("""
                  {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},
                   "usage":{"output_tokens":42,"input_tokens":10,"cache_read_input_tokens":0,"cache_creation_input_tokens":0}}"""),
                f("{\"type\":\"message_stop\"}")), frames.subList(1, frames.size()));
    }

    @Test
    void errorMidStreamStopsTheOpenBlockAndIsTerminal() throws IOException {
        write(new StreamEvent.MessageStart(null, null, START),
                new StreamEvent.BlockStart(0, new ContentBlock.Text("")),
                new StreamEvent.BlockDelta(0, new Delta.TextDelta("partial")),
                new StreamEvent.StreamError(ErrorKind.UPSTREAM_OVERLOADED, "Overloaded"),
                new StreamEvent.BlockDelta(0, new Delta.TextDelta("late")),
                new StreamEvent.MessageStop());
        writer.heartbeat();
        writer.finish();
        List<Frame> frames = frames();
        assertEquals(List.of(
                f("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"partial\"}}"),
                f("{\"type\":\"content_block_stop\",\"index\":0}"),
                f("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}")),
                frames.subList(2, frames.size()));
        assertTrue(writer.terminated());
    }

    @Test
    void handWrittenFramesAreTheBytesJakartaJsonWouldWrite() throws IOException {
        String tricky = "quote \" backslash \\ newline \n tab \t bell \u0007 form \f ✓ 😀";
        write(new StreamEvent.MessageStart("msg_up", "m", Usage.ZERO),
                new StreamEvent.BlockStart(0, new ContentBlock.Text("")),
                new StreamEvent.BlockDelta(0, new Delta.TextDelta(tricky)),
                new StreamEvent.BlockStop(0),
                new StreamEvent.BlockStart(1, new ContentBlock.ToolUse("toolu_1", "f", JsonValue.EMPTY_JSON_OBJECT)),
                new StreamEvent.BlockDelta(1, new Delta.InputJsonDelta("{\"q\":\"" + "\\n" + "\"}")),
                new StreamEvent.BlockStop(1),
                new StreamEvent.MessageStop());
        writer.heartbeat(); // after the end: nothing
        String text = bytes.toString(StandardCharsets.UTF_8);
        String delta = Jsons.objectBuilder().add("type", "content_block_delta").add("index", 0)
                .add("delta", Jsons.objectBuilder().add("type", "text_delta").add("text", tricky)).build().toString();
        String input = Jsons.objectBuilder().add("type", "content_block_delta").add("index", 1)
                .add("delta", Jsons.objectBuilder().add("type", "input_json_delta")
                        .add("partial_json", "{\"q\":\"\\n\"}")).build().toString();
        assertTrue(text.contains("event: content_block_delta\ndata: " + delta + "\n\n"), text);
        assertTrue(text.contains("event: content_block_delta\ndata: " + input + "\n\n"), text);
        assertTrue(text.contains("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":1}\n\n"));
        assertTrue(text.endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"), text);
    }

    /** message_start, the block starts and message_delta are hand-written too: the bytes the trees gave. */
    @Test
    void handWrittenStartsAndMessageDeltaAreTheBytesJakartaJsonWouldWrite() throws IOException {
        String tricky = "quote \" backslash \\ newline \n bell \u0007 ✓ 😀";
        AnthropicStreamWriter w = new AnthropicStreamWriter(new SseWriter(bytes), "msg_" + tricky, "model " + tricky);
        Usage start = new Usage(25, 1, 100, 2000, UsageSource.UPSTREAM);
        Usage end = new Usage(0, 7_000_000_000L, 0, 0, UsageSource.UPSTREAM);
        w.write(new StreamEvent.MessageStart("msg_up", "m", start));
        w.write(new StreamEvent.BlockStart(0, new ContentBlock.Text("")));
        w.write(new StreamEvent.BlockStart(1, new ContentBlock.Thinking("", "")));
        w.write(new StreamEvent.BlockStart(2, new ContentBlock.ToolUse("toolu_" + tricky, "name " + tricky,
                JsonValue.EMPTY_JSON_OBJECT)));
        w.write(new StreamEvent.MessageDelta(StopReason.STOP_SEQUENCE, "stop " + tricky, end));
        String text = bytes.toString(StandardCharsets.UTF_8);

        Usage merged = start.merge(end);
        String messageStart = Jsons.objectBuilder().add("type", "message_start").add("message", Jsons.objectBuilder()
                .add("id", "msg_" + tricky).add("type", "message").add("role", "assistant")
                .add("model", "model " + tricky).add("content", JsonValue.EMPTY_JSON_ARRAY)
                .add("stop_reason", JsonValue.NULL).add("stop_sequence", JsonValue.NULL)
                .add("usage", AnthropicUsageJson.message(start))).build().toString();
        String textStart = Jsons.objectBuilder().add("type", "content_block_start").add("index", 0)
                .add("content_block", Jsons.objectBuilder().add("type", "text").add("text", "")).build().toString();
        String thinkingStart = Jsons.objectBuilder().add("type", "content_block_start").add("index", 1)
                .add("content_block", Jsons.objectBuilder().add("type", "thinking").add("thinking", "")
                        .add("signature", "")).build().toString();
        String toolStart = Jsons.objectBuilder().add("type", "content_block_start").add("index", 2)
                .add("content_block", Jsons.objectBuilder().add("type", "tool_use").add("id", "toolu_" + tricky)
                        .add("name", "name " + tricky).add("input", JsonValue.EMPTY_JSON_OBJECT)).build().toString();
        String messageDelta = Jsons.objectBuilder().add("type", "message_delta")
                .add("delta", Jsons.objectBuilder().add("stop_reason", "stop_sequence")
                        .add("stop_sequence", "stop " + tricky))
                .add("usage", AnthropicUsageJson.delta(merged)).build().toString();
        assertTrue(text.startsWith("event: message_start\ndata: " + messageStart + "\n\n"), text);
        assertTrue(text.contains("event: content_block_start\ndata: " + textStart + "\n\n"), text);
        assertTrue(text.contains("event: content_block_start\ndata: " + thinkingStart + "\n\n"), text);
        assertTrue(text.contains("event: content_block_start\ndata: " + toolStart + "\n\n"), text);
        assertTrue(text.contains("event: message_delta\ndata: " + messageDelta + "\n\n"), text);

        bytes.reset();
        AnthropicStreamWriter bare = new AnthropicStreamWriter(new SseWriter(bytes), null, null);
        bare.write(new StreamEvent.MessageDelta(StopReason.END_TURN, null, Usage.ZERO));
        String nulls = Jsons.objectBuilder().add("type", "message_start").add("message", Jsons.objectBuilder()
                .add("id", "").add("type", "message").add("role", "assistant").add("model", "")
                .add("content", JsonValue.EMPTY_JSON_ARRAY).add("stop_reason", JsonValue.NULL)
                .add("stop_sequence", JsonValue.NULL).add("usage", AnthropicUsageJson.message(Usage.ZERO)))
                .build().toString();
        String endTurn = Jsons.objectBuilder().add("type", "message_delta")
                .add("delta", Jsons.objectBuilder().add("stop_reason", "end_turn").add("stop_sequence", JsonValue.NULL))
                .add("usage", AnthropicUsageJson.delta(Usage.ZERO)).build().toString();
        assertEquals("event: message_start\ndata: " + nulls + "\n\nevent: message_delta\ndata: " + endTurn + "\n\n",
                bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void heartbeatIsAPingFrame() throws IOException {
        write(new StreamEvent.MessageStart(null, null, Usage.ZERO));
        bytes.reset();
        writer.heartbeat();
        assertEquals("event: ping\ndata: {\"type\":\"ping\"}\n\n", bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void finishEndsAnUnterminatedStreamWithAnError() throws IOException {
        write(new StreamEvent.MessageStart(null, null, Usage.ZERO),
                new StreamEvent.BlockStart(0, new ContentBlock.ToolUse("t", "Read", JsonValue.EMPTY_JSON_OBJECT)));
        writer.finish();
        writer.finish();
        List<Frame> frames = frames();
        assertEquals(List.of(
                f("{\"type\":\"content_block_stop\",\"index\":0}"),
                f("{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"upstream stream ended prematurely\"}}")),
                frames.subList(2, frames.size()));
    }

    @Test
    void neverADeltaForAnUnstartedIndexAndWireIndicesAreDense() throws IOException {
        write(new StreamEvent.MessageStart(null, null, Usage.ZERO),
                new StreamEvent.BlockDelta(0, new Delta.TextDelta("orphan")),
                new StreamEvent.BlockStart(3, new ContentBlock.Text("")),
                new StreamEvent.BlockDelta(3, new Delta.InputJsonDelta("{}")),
                new StreamEvent.BlockDelta(3, new Delta.TextDelta("ok")),
                new StreamEvent.BlockDelta(4, new Delta.TextDelta("wrong index")),
                new StreamEvent.BlockStart(7, new ContentBlock.RedactedThinking("enc")),
                new StreamEvent.MessageStop());
        assertEquals(List.of(
                f("{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"),
                f("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"ok\"}}"),
                f("{\"type\":\"content_block_stop\",\"index\":0}"),
                f("{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"redacted_thinking\",\"data\":\"enc\"}}"),
                f("{\"type\":\"content_block_stop\",\"index\":1}"),
                f("""
                  {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},
                   "usage":{"output_tokens":0,"input_tokens":0,"cache_read_input_tokens":0,"cache_creation_input_tokens":0}}"""),
                f("{\"type\":\"message_stop\"}")), frames().subList(1, 8));
    }

    @Test
    void contentCarriedInAStartIsSentAsDeltas() throws IOException {
        write(new StreamEvent.BlockStart(0, new ContentBlock.ToolUse("t", "Read", Jsons.parseObject("{\"file_path\":\"a\"}"))),
                new StreamEvent.BlockStop(0),
                new StreamEvent.BlockStart(1, new ContentBlock.Thinking("pondered", "sig")),
                new StreamEvent.BlockStop(1));
        List<Frame> frames = frames();
        assertEquals("message_start", frames.get(0).event(), "a missing message_start is written first");
        assertEquals(List.of(
                f("{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"Read\",\"input\":{}}}"),
                f("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"file_path\\\":\\\"a\\\"}\"}}"),
                f("{\"type\":\"content_block_stop\",\"index\":0}"),
                f("{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}}"),
                f("{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"pondered\"}}"),
                f("{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"signature_delta\",\"signature\":\"sig\"}}"),
                f("{\"type\":\"content_block_stop\",\"index\":1}")), frames.subList(1, frames.size()));
    }
}
