package dev.switchboard.wire.responses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatResponse;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.SignatureOrigin;
import dev.switchboard.spi.model.StopReason;
import dev.switchboard.spi.model.Usage;
import dev.switchboard.spi.stream.Delta;
import dev.switchboard.spi.stream.StreamAccumulator;
import dev.switchboard.spi.stream.StreamEvent;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResponsesStreamDecoderTest {

    static List<StreamEvent> decode(byte[] bytes, int... splits) {
        ResponsesStreamDecoder d = new ResponsesStreamDecoder("requested-model");
        List<StreamEvent> events = new ArrayList<>();
        int from = 0;
        for (int s : splits) {
            events.addAll(d.onBytes(bytes, from, s - from));
            from = s;
        }
        events.addAll(d.onBytes(bytes, from, bytes.length - from));
        events.addAll(d.onEnd());
        return events;
    }

    static List<StreamEvent> decode(String transcript) {
        return decode(Transcripts.bytes(transcript));
    }

    static ChatResponse fold(List<StreamEvent> events) throws GatewayException {
        StreamAccumulator acc = new StreamAccumulator();
        acc.acceptAll(events);
        return acc.toResponse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"factory-minimal.sse", "full-fidelity-text.sse", "terminal-done.sse", "incomplete.sse",
            "failed.sse", "error-event.sse", "reasoning-summary.sse", "function-call-deltas.sse",
            "function-call-args-only-in-done.sse", "parallel-calls-interleaved.sse", "truncated.sse",
            "no-event-lines.sse", "only-terminal.sse", "text-then-call.sse", "function-call-args-only-in-item-done.sse"})
    void everyReadBoundaryCrlfAndByteByByteGiveTheSameEvents(String transcript) {
        byte[] bytes = Transcripts.bytes(transcript);
        List<StreamEvent> reference = decode(bytes);
        StreamGrammar.assertValid(reference);
        for (int split = 1; split < bytes.length; split++) {
            assertEquals(reference, decode(bytes, split), transcript + " split at byte " + split);
        }
        int[] everyByte = new int[bytes.length - 1];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = i + 1;
        }
        assertEquals(reference, decode(bytes, everyByte), transcript + " byte by byte");
        byte[] crlf = Transcripts.withCrlf(bytes);
        assertEquals(reference, decode(crlf), transcript + " with CRLF");
        for (int split = 1; split < crlf.length; split += 7) {
            assertEquals(reference, decode(crlf, split), transcript + " with CRLF split at byte " + split);
        }
    }

    @Test
    void factoryMinimalTranscriptGivesOneTextBlockAndUsage() {
        assertEquals(List.of(
                new StreamEvent.MessageStart("resp_1", "gpt-5.2", Usage.ZERO),
                new StreamEvent.BlockStart(0, new ContentBlock.Text("")),
                new StreamEvent.BlockDelta(0, new Delta.TextDelta("Hello!")),
                new StreamEvent.BlockStop(0),
                new StreamEvent.MessageDelta(StopReason.END_TURN, null, Usage.of(20, 8)),
                new StreamEvent.MessageStop()), decode("factory-minimal.sse"));
    }

    @Test
    void fullFidelityTextIsNotDuplicatedByDoneEventsAndKeepsMultiByteCharacters() throws Exception {
        ChatResponse r = fold(decode("full-fidelity-text.sse"));
        assertEquals(List.of(new ContentBlock.Text("Héllo, 世界 🎉")), r.content());
        // Responses → canonical usage: read = cached_tokens, input = input_tokens − read
        assertEquals(new Usage(200, 50, 0, 800, null), r.usage());
        assertEquals(StopReason.END_TURN, r.stopReason());
    }

    @Test
    void responseDoneIsATerminalEvent() throws Exception {
        ChatResponse r = fold(decode("terminal-done.sse"));
        assertEquals("Done.", r.text());
        assertEquals(StopReason.END_TURN, r.stopReason());
    }

    @Test
    void incompleteMeansMaxTokens() throws Exception {
        ChatResponse r = fold(decode("incomplete.sse"));
        assertEquals(StopReason.MAX_TOKENS, r.stopReason());
        assertEquals("Once upon a", r.text());
        assertEquals(Usage.of(12, 16), r.usage());
    }

    @Test
    void failedResponseStopsTheOpenBlockThenErrors() {
        List<StreamEvent> events = decode("failed.sse");
        assertEquals(new StreamEvent.BlockStop(0), events.get(events.size() - 2));
        assertEquals(new StreamEvent.StreamError(ErrorKind.UPSTREAM_SERVER, "The model crashed"),
                events.get(events.size() - 1));
    }

    @Test
    void errorEventIsMappedAndTheFollowingFailedResponseAddsNothing() {
        List<StreamEvent> events = decode("error-event.sse");
        assertEquals(2, events.size(), events.toString());
        assertEquals(new StreamEvent.StreamError(ErrorKind.UPSTREAM_RATE_LIMITED, "Rate limit reached for gpt-5.2"),
                events.get(1));
    }

    @Test
    void reasoningSummaryBecomesThinkingWithEncryptedContentAsSignature() throws Exception {
        List<StreamEvent> events = decode("reasoning-summary.sse");
        assertEquals(new StreamEvent.BlockStart(0, new ContentBlock.Thinking("", "")), events.get(1));
        long signatures = events.stream().filter(e -> e instanceof StreamEvent.BlockDelta d
                && d.delta() instanceof Delta.SignatureDelta).count();
        assertEquals(1, signatures);
        ChatResponse r = fold(events);
        assertEquals(List.of(
                new ContentBlock.Thinking("**Planning** the answer\n\nChecking facts", "gAAAAABenc", SignatureOrigin.OPENAI),
                new ContentBlock.Text("42")), r.content());
        assertEquals(StopReason.END_TURN, r.stopReason());
    }

    @Test
    void functionCallArgumentDeltasStreamIntoOneToolUseBlock() {
        List<StreamEvent> events = decode("function-call-deltas.sse");
        assertEquals(List.of(
                new StreamEvent.MessageStart("resp_8", "gpt-5.2", Usage.ZERO),
                new StreamEvent.BlockStart(0, new ContentBlock.ToolUse("call_1", "f", JsonValue.EMPTY_JSON_OBJECT)),
                new StreamEvent.BlockDelta(0, new Delta.InputJsonDelta("{\"a\":")),
                new StreamEvent.BlockDelta(0, new Delta.InputJsonDelta("1}")),
                new StreamEvent.BlockStop(0),
                new StreamEvent.MessageDelta(StopReason.TOOL_USE, null, new Usage(8, 9, 0, 32, null)),
                new StreamEvent.MessageStop()), events);
    }

    @Test
    void argumentsOnlyInDoneStillReachTheToolInput() throws Exception {
        ChatResponse r = fold(decode("function-call-args-only-in-done.sse"));
        assertEquals(List.of(new ContentBlock.ToolUse("call_9", "Read",
                Json.createObjectBuilder().add("file_path", "a.ts").build())), r.content());
        assertEquals(StopReason.TOOL_USE, r.stopReason());
    }

    @Test
    void argumentsOnlyInTheFinishedItemStillReachTheToolInput() throws Exception {
        ChatResponse r = fold(decode("function-call-args-only-in-item-done.sse"));
        assertEquals(List.of(new ContentBlock.ToolUse("call_15", "Glob",
                Json.createObjectBuilder().add("pattern", "*.md").build())), r.content());
    }

    @Test
    void interleavedParallelCallsAreNeitherMergedNorLost() throws Exception {
        List<StreamEvent> events = decode("parallel-calls-interleaved.sse");
        ChatResponse r = fold(events);
        assertEquals(List.of(
                new ContentBlock.ToolUse("call_a", "Read", Json.createObjectBuilder().add("file_path", "a.ts").build()),
                new ContentBlock.ToolUse("call_b", "Read", Json.createObjectBuilder().add("file_path", "b.ts").build())),
                r.content());
        assertEquals(StopReason.TOOL_USE, r.stopReason());
    }

    @Test
    void eofWithoutTerminalEventIsAnErrorAfterTheOpenBlockStops() {
        List<StreamEvent> events = decode("truncated.sse");
        assertEquals(new StreamEvent.BlockStop(0), events.get(events.size() - 2));
        StreamEvent.StreamError err = assertInstanceOf(StreamEvent.StreamError.class, events.get(events.size() - 1));
        assertEquals(ErrorKind.UPSTREAM_BAD_RESPONSE, err.kind());
    }

    @Test
    void typeComesFromDataWhenThereIsNoEventLine() throws Exception {
        ChatResponse r = fold(decode("no-event-lines.sse"));
        assertEquals("Hi", r.text());
    }

    @Test
    void aTerminalResponseAloneStillDeliversItsOutput() throws Exception {
        ChatResponse r = fold(decode("only-terminal.sse"));
        assertEquals(List.of(
                new ContentBlock.Thinking("Think", ""),
                new ContentBlock.Text("Answer"),
                new ContentBlock.ToolUse("call_13", "Bash", Json.createObjectBuilder().add("command", "ls").build())),
                r.content());
        assertEquals(StopReason.TOOL_USE, r.stopReason());
    }

    @Test
    void textThenCallGivesTwoBlocksAndASanitisedToolId() throws Exception {
        ChatResponse r = fold(decode("text-then-call.sse"));
        assertEquals(List.of(
                new ContentBlock.Text("Let me check"),
                new ContentBlock.ToolUse("functions_Bash_0", "Bash",
                        Json.createObjectBuilder().add("command", "ls").build())), r.content());
    }

    @Test
    void oneUnreadableFrameBreaksTheStream() {
        String sse = "event: response.created\ndata: {\"type\":\"response.created\",\"response\":{\"id\":\"r\"}}\n\n"
                + "data: {nope\n\nevent: response.completed\ndata: {\"type\":\"response.completed\",\"response\":"
                + "{\"id\":\"r\",\"status\":\"completed\",\"output\":[]}}\n\n";
        List<StreamEvent> events = decode(sse.getBytes(StandardCharsets.UTF_8));
        StreamEvent.StreamError err = assertInstanceOf(StreamEvent.StreamError.class, events.get(events.size() - 1));
        assertEquals(ErrorKind.UPSTREAM_BAD_RESPONSE, err.kind());
        assertEquals(2, events.size());
    }

    @Test
    void anEmptyBodyStillStartsAndEndsTheStream() {
        List<StreamEvent> events = decode(new byte[0]);
        StreamGrammar.assertValid(events);
        assertEquals("requested-model", ((StreamEvent.MessageStart) events.get(0)).model());
    }

    @ParameterizedTest
    @ValueSource(strings = {"factory-minimal.sse", "full-fidelity-text.sse", "terminal-done.sse", "incomplete.sse",
            "reasoning-summary.sse", "function-call-deltas.sse", "parallel-calls-interleaved.sse",
            "only-terminal.sse", "text-then-call.sse"})
    void streamFoldEqualsUnaryDecodeOfTheTerminalResponse(String transcript) throws Exception {
        ChatResponse streamed = fold(decode(transcript));
        String sse = new String(Transcripts.bytes(transcript), StandardCharsets.UTF_8).strip();
        String lastData = sse.substring(sse.lastIndexOf("data: ") + "data: ".length());
        JsonObject terminal = Jsons.parseObject(lastData).getJsonObject("response");
        ChatResponse unary = new ResponsesStreamDecoder().decodeUnary(terminal.toString().getBytes(StandardCharsets.UTF_8));
        assertEquals(unary.content(), streamed.content());
        assertEquals(unary.stopReason(), streamed.stopReason());
        assertEquals(unary.usage(), streamed.usage());
        assertEquals(unary.model(), streamed.model());
    }

    @Test
    void decodeUnaryOfAFailedResponseThrowsItsKind() {
        byte[] body = "{\"id\":\"resp_x\",\"status\":\"failed\",\"output\":[],\"error\":{\"code\":\"insufficient_quota\",\"message\":\"quota\"}}"
                .getBytes(StandardCharsets.UTF_8);
        GatewayException e = assertThrows(GatewayException.class, () -> new ResponsesStreamDecoder().decodeUnary(body));
        assertEquals(ErrorKind.UPSTREAM_QUOTA_EXHAUSTED, e.kind());
        assertEquals("quota", e.getMessage());
    }

    @Test
    void decodeUnaryOfGarbageIsABadResponse() {
        GatewayException e = assertThrows(GatewayException.class,
                () -> new ResponsesStreamDecoder().decodeUnary("<html>502</html>".getBytes(StandardCharsets.UTF_8)));
        assertEquals(ErrorKind.UPSTREAM_BAD_RESPONSE, e.kind());
    }

    @Test
    void decodeUnaryRepairsTruncatedArgumentsAndMapsRefusals() throws Exception {
        String body = """
                {"id":"resp_u","model":"gpt-5.2","status":"completed","output":[
                 {"type":"message","role":"assistant","content":[{"type":"refusal","refusal":"I can't help with that."}]},
                 {"type":"function_call","call_id":"call_1","name":"f","arguments":"{\\"a\\":\\"x"}],
                 "usage":{"input_tokens":9,"input_tokens_details":{"cached_tokens":4},"output_tokens":3}}""";
        ChatResponse r = new ResponsesStreamDecoder().decodeUnary(body.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(new ContentBlock.Text("I can't help with that."),
                new ContentBlock.ToolUse("call_1", "f", Json.createObjectBuilder().add("a", "x").build())), r.content());
        assertEquals(StopReason.TOOL_USE, r.stopReason(), "a produced call wins over the status");
        assertEquals(new Usage(5, 3, 0, 4, null), r.usage());
        assertTrue(r.id().startsWith("resp_u"));
    }
}
