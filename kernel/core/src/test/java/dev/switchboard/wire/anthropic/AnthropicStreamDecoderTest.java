package dev.switchboard.wire.anthropic;

import dev.switchboard.kernel.dialect.anthropic.AnthropicStreamWriter;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.kernel.dialect.SseWriter;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatResponse;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.SignatureOrigin;
import dev.switchboard.spi.model.StopReason;
import dev.switchboard.spi.model.Usage;
import dev.switchboard.spi.model.UsageSource;
import dev.switchboard.spi.stream.Delta;
import dev.switchboard.spi.stream.ResponseEvents;
import dev.switchboard.spi.stream.StreamAccumulator;
import dev.switchboard.spi.stream.StreamEvent;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnthropicStreamDecoderTest {

    /** A Factory/Anthropic stream with every block kind, a ping, a comment, frames without event: and non-ASCII text. */
    static final String TRANSCRIPT = """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_01FAKE","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":25,"cache_creation_input_tokens":100,"cache_read_input_tokens":2000,"output_tokens":1}}}

            event: ping
            data: {"type": "ping"}

            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Überlegung 🤔"}}

            event: content_block_delta
            data:{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQB"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":0}

            data: {"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}

            data: {"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"你好, wörld"}}

            : keep-alive

            event: content_block_delta
            data: {"type":"content_block_delta","index":1,"delta":{"type":"citations_delta","citation":{"type":"char_location","cited_text":"x"}}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":1}

            event: content_block_start
            data: {"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_01","name":"get_weather","input":{}}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\\"city\\": \\"Zürich\\"}"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":2}

            event: content_block_start
            data: {"type":"content_block_start","index":3,"content_block":{"type":"redacted_thinking","data":"enc"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":3}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":87}}

            event: message_stop
            data: {"type":"message_stop"}

            """;

    static final List<StreamEvent> EXPECTED = List.of(
            new StreamEvent.MessageStart("msg_01FAKE", "claude-sonnet-4-5", new Usage(25, 1, 100, 2000, UsageSource.UPSTREAM)),
            new StreamEvent.BlockStart(0, new ContentBlock.Thinking("", "")),
            new StreamEvent.BlockDelta(0, new Delta.ThinkingDelta("Überlegung 🤔")),
            new StreamEvent.BlockDelta(0, new Delta.SignatureDelta("EqQB", SignatureOrigin.ANTHROPIC)),
            new StreamEvent.BlockStop(0),
            new StreamEvent.BlockStart(1, new ContentBlock.Text("")),
            new StreamEvent.BlockDelta(1, new Delta.TextDelta("你好, wörld")),
            new StreamEvent.BlockDelta(1, new Delta.CitationsDelta(Jsons.parseObject("{\"type\":\"char_location\",\"cited_text\":\"x\"}"))),
            new StreamEvent.BlockStop(1),
            new StreamEvent.BlockStart(2, new ContentBlock.ToolUse("toolu_01", "get_weather", JsonValue.EMPTY_JSON_OBJECT)),
            new StreamEvent.BlockDelta(2, new Delta.InputJsonDelta("{\"city\": \"Zürich\"}")),
            new StreamEvent.BlockStop(2),
            new StreamEvent.BlockStart(3, new ContentBlock.RedactedThinking("enc", SignatureOrigin.ANTHROPIC_REDACTED)),
            new StreamEvent.BlockStop(3),
            new StreamEvent.MessageDelta(StopReason.TOOL_USE, null, new Usage(25, 87, 100, 2000, UsageSource.UPSTREAM)),
            new StreamEvent.MessageStop());

    private static List<StreamEvent> decode(byte[] bytes, int... cuts) {
        AnthropicStreamDecoder d = new AnthropicStreamDecoder();
        List<StreamEvent> out = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            out.addAll(d.onBytes(bytes, from, cut - from));
            from = cut;
        }
        out.addAll(d.onBytes(bytes, from, bytes.length - from));
        out.addAll(d.onEnd());
        return out;
    }

    private static List<StreamEvent> decode(String text) {
        return decode(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void decodesEveryBlockKindInOneRead() {
        assertEquals(EXPECTED, decode(TRANSCRIPT));
    }

    @Test
    void everySplitPointGivesTheSameEventsWithLfAndCrlf() {
        for (String transcript : List.of(TRANSCRIPT, TRANSCRIPT.replace("\n", "\r\n"))) {
            byte[] bytes = transcript.getBytes(StandardCharsets.UTF_8);
            assertTrue(bytes.length > transcript.length(), "the transcript holds multi-byte characters");
            for (int cut = 0; cut <= bytes.length; cut++) {
                assertEquals(EXPECTED, decode(bytes, cut), "split at byte " + cut);
            }
        }
    }

    @Test
    void byteByByteAndThreeWaySplitsGiveTheSameEvents() {
        byte[] bytes = TRANSCRIPT.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        AnthropicStreamDecoder d = new AnthropicStreamDecoder();
        List<StreamEvent> out = new ArrayList<>();
        for (int i = 0; i < bytes.length; i++) {
            out.addAll(d.onBytes(bytes, i, 1));
        }
        out.addAll(d.onEnd());
        assertEquals(EXPECTED, out);

        // Every pair of cuts inside the multi-byte characters' neighbourhood.
        String marker = "Zürich";
        int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("Z\u00c3\u00bc"); // UTF-8 bytes of "Zü"
        assertTrue(at > 0, marker);
        for (int a = at - 3; a < at + 6; a++) {
            for (int b = a; b < at + 9; b++) {
                assertEquals(EXPECTED, decode(bytes, a, b), "cuts " + a + "," + b);
            }
        }
    }

    @Test
    void errorEventStopsTheOpenBlockAndEndsTheStream() {
        String s = """
                event: message_start
                data: {"type":"message_start","message":{"id":"m","model":"x","usage":{"input_tokens":3}}}

                event: content_block_start
                data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"par"}}

                event: error
                data: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"ignored"}}

                """;
        assertEquals(List.of(
                new StreamEvent.MessageStart("m", "x", Usage.of(3, 0)),
                new StreamEvent.BlockStart(0, new ContentBlock.Text("")),
                new StreamEvent.BlockDelta(0, new Delta.TextDelta("par")),
                new StreamEvent.BlockStop(0),
                new StreamEvent.StreamError(ErrorKind.UPSTREAM_OVERLOADED, "Overloaded")), decode(s));
    }

    @ParameterizedTest
    @CsvSource({
            "overloaded_error, UPSTREAM_OVERLOADED",
            "rate_limit_error, UPSTREAM_RATE_LIMITED",
            "api_error, UPSTREAM_SERVER",
            "invalid_request_error, INVALID_REQUEST",
            "authentication_error, UPSTREAM_AUTH",
            "permission_error, PERMISSION",
            "billing_error, UPSTREAM_QUOTA_EXHAUSTED",
            "timeout_error, UPSTREAM_TIMEOUT",
            "something_new, UPSTREAM_SERVER"})
    void errorTypesMapToKinds(String type, ErrorKind kind) {
        String s = "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"boom\"}}\n\n";
        assertEquals(List.of(new StreamEvent.StreamError(kind, "boom")), decode(s));
    }

    @Test
    void truncatedStreamEndsWithAnError() {
        int cut = TRANSCRIPT.indexOf("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":2}");
        List<StreamEvent> events = decode(TRANSCRIPT.substring(0, cut));
        assertEquals(EXPECTED.subList(0, 11), events.subList(0, 11));
        assertEquals(List.of(new StreamEvent.BlockStop(2),
                new StreamEvent.StreamError(ErrorKind.UPSTREAM_BAD_RESPONSE, "upstream stream ended prematurely")),
                events.subList(11, events.size()));

        int beforeStop = TRANSCRIPT.indexOf("event: message_stop");
        List<StreamEvent> noStop = decode(TRANSCRIPT.substring(0, beforeStop));
        assertEquals(new StreamEvent.StreamError(ErrorKind.UPSTREAM_BAD_RESPONSE, "upstream stream ended prematurely"),
                noStop.get(noStop.size() - 1), "message_delta alone is not a finished stream");
        assertEquals(List.of(new StreamEvent.StreamError(ErrorKind.UPSTREAM_BAD_RESPONSE, "upstream stream ended prematurely")),
                decode(""));
    }

    @Test
    void lastFrameWithoutItsBlankLineStillCounts() {
        String s = TRANSCRIPT.stripTrailing();
        assertEquals(EXPECTED, decode(s));
    }

    /** A malformed event is an upstream error, never skipped into a normal-looking end. */
    @Test
    void oneUnparseableDataLineEndsTheStreamWithAnError() {
        String start = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"model\":\"x\"}}\n\n";
        String junk = "event: content_block_delta\ndata: {not json\n\n";
        String stop = "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
        List<StreamEvent> broken = decode(start + junk + stop);
        assertEquals(List.of(new StreamEvent.MessageStart("m", "x", Usage.ZERO),
                new StreamEvent.StreamError(ErrorKind.UPSTREAM_BAD_RESPONSE, "upstream stream is unreadable")), broken);
    }

    /** A junk line far over the SSE bound (the 64 MB line) is an error, and is not buffered whole. */
    @Test
    void anOversizedLineEndsTheStreamWithAnError() {
        String start = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"model\":\"x\"}}\n\n";
        AnthropicStreamDecoder d = new AnthropicStreamDecoder();
        List<StreamEvent> events = new java.util.ArrayList<>(d.onBytes(start.getBytes(), 0, start.length()));
        byte[] junk = new byte[1024 * 1024];
        java.util.Arrays.fill(junk, (byte) 'x');
        events.addAll(d.onBytes("data: ".getBytes(), 0, 6));
        for (int i = 0; i < 12 && events.stream().noneMatch(e -> e instanceof StreamEvent.StreamError); i++) {
            events.addAll(d.onBytes(junk, 0, junk.length));
        }
        events.addAll(d.onEnd());
        StreamEvent.StreamError err = (StreamEvent.StreamError) events.get(events.size() - 1);
        assertEquals(ErrorKind.UPSTREAM_BAD_RESPONSE, err.kind());
        assertTrue(err.message().contains("exceeds"), err.message());
        assertEquals(2, events.size(), events.toString());
    }

    @Test
    void unknownEventsAndDeltasAreIgnoredButBrokenBlocksFail() {
        String start = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"model\":\"x\"}}\n\n";
        String odd = "event: future_event\ndata: {\"type\":\"future_event\"}\n\n"
                + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
                + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"future_delta\",\"x\":1}}\n\n"
                + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
                + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
        // The text block got no text: the StreamBuilder drops it (the guard did, after the decoder, before).
        assertEquals(List.of(new StreamEvent.MessageStart("m", "x", Usage.ZERO),
                new StreamEvent.MessageDelta(StopReason.END_TURN, null, Usage.ZERO), new StreamEvent.MessageStop()), decode(start + odd));

        String broken = "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\",\"name\":\"x\"}}\n\n";
        assertEquals(List.of(new StreamEvent.MessageStart("m", "x", Usage.ZERO),
                new StreamEvent.StreamError(ErrorKind.UPSTREAM_BAD_RESPONSE, "upstream sent a malformed content_block_start event")),
                decode(start + broken));
    }

    @Test
    void decodesUnaryMessages() throws Exception {
        ChatResponse r = new AnthropicStreamDecoder().decodeUnary("""
                {"id":"msg_01FAKE","type":"message","role":"assistant","model":"claude-sonnet-4-5",
                 "content":[{"type":"text","text":""},{"type":"text","text":"Hello!"}],"stop_reason":"end_turn","stop_sequence":null,
                 "usage":{"input_tokens":25,"output_tokens":5}}""".getBytes(StandardCharsets.UTF_8));
        assertEquals(new ChatResponse("msg_01FAKE", "claude-sonnet-4-5", List.of(new ContentBlock.Text("Hello!")),
                StopReason.END_TURN, null, Usage.of(25, 5)), r);
        assertEquals(UsageSource.UPSTREAM, r.usage().source());
    }

    @Test
    void unaryErrorsAreGatewayExceptions() {
        AnthropicStreamDecoder d = new AnthropicStreamDecoder();
        GatewayException overloaded = assertThrows(GatewayException.class, () -> d.decodeUnary(
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(ErrorKind.UPSTREAM_OVERLOADED, overloaded.kind());
        assertEquals("Overloaded", overloaded.getMessage());
        for (String bad : List.of("<html>502</html>", "{\"id\":\"m\"}", "{\"content\":[{\"type\":\"tool_use\"}]}")) {
            GatewayException e = assertThrows(GatewayException.class, () -> d.decodeUnary(bad.getBytes(StandardCharsets.UTF_8)));
            assertEquals(ErrorKind.UPSTREAM_BAD_RESPONSE, e.kind(), bad);
        }
    }

    /** canonical → Anthropic SSE (our writer) → canonical (our decoder) → folded: the same answer. */
    @Test
    void streamRoundTripThroughWriterAndDecoder() throws Exception {
        ChatResponse original = new ChatResponse("msg_rt", "model-rt", List.of(
                new ContentBlock.Thinking("deep ✨ thought", "sig==", SignatureOrigin.ANTHROPIC),
                new ContentBlock.Text("Answer: 42"),
                new ContentBlock.ToolUse("toolu_9", "Write", Jsons.parseObject("{\"path\":\"ä.txt\",\"n\":[1,2]}")),
                new ContentBlock.RedactedThinking("opaque", SignatureOrigin.ANTHROPIC_REDACTED)),
                StopReason.TOOL_USE, null, new Usage(12, 34, 5, 6, UsageSource.UPSTREAM));
        ByteArrayOutputStream sse = new ByteArrayOutputStream();
        AnthropicStreamWriter w = new AnthropicStreamWriter(new SseWriter(sse), "msg_rt", "model-rt");
        for (StreamEvent e : ResponseEvents.unfold(original)) {
            w.write(e);
        }
        byte[] bytes = sse.toByteArray();
        for (int cut = 0; cut <= bytes.length; cut += 7) {
            StreamAccumulator acc = new StreamAccumulator();
            acc.acceptAll(decode(bytes, cut));
            assertEquals(original, acc.toResponse(), "split at " + cut);
        }
    }
}
