package dev.switchboard.wire.openai;

import dev.switchboard.kernel.dialect.ClientErrors;
import static dev.switchboard.wire.openai.OcTestSupport.assertSplitInvariant;
import static dev.switchboard.wire.openai.OcTestSupport.decodeSplit;
import static dev.switchboard.wire.openai.OcTestSupport.decodeWhole;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatResponse;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.StopReason;
import dev.switchboard.spi.model.Usage;
import dev.switchboard.spi.stream.Delta;
import dev.switchboard.spi.stream.StreamAccumulator;
import dev.switchboard.spi.stream.StreamEvent;
import dev.switchboard.spi.stream.StreamEvent.BlockDelta;
import dev.switchboard.spi.stream.StreamEvent.BlockStart;
import dev.switchboard.spi.stream.StreamEvent.BlockStop;
import dev.switchboard.spi.stream.StreamEvent.MessageDelta;
import dev.switchboard.spi.stream.StreamEvent.MessageStart;
import dev.switchboard.spi.stream.StreamEvent.MessageStop;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The OpenAI Chat stream decoder: OpenAI-compatible upstream chunks → canonical events. */
public class OpenAiChatStreamDecoderTest {
    private static final String MSG = "msg_test";
    private static final String MODEL = "claude-sonnet-4-5";
    private static final OpenAiChatProfile BUFFERED = OpenAiChatProfile.standard();
    private static final OpenAiChatProfile EAGER = OpenAiChatProfile.builder()
            .toolStreaming(OpenAiChatProfile.ToolStreaming.EAGER).build();

    static String chunk(String delta, String finish) {
        return "{\"id\":\"chatcmpl-up\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"up\","
                + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
                + (finish == null ? "null" : "\"" + finish + "\"") + "}]}";
    }

    static String delta(String delta) {
        return chunk(delta, null);
    }

    static String tc(String toolCallsJson) {
        return delta("{\"tool_calls\":[" + toolCallsJson + "]}");
    }

    static String usageChunk(long prompt, long completion) {
        return "{\"id\":\"chatcmpl-up\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"up\",\"choices\":[],"
                + "\"usage\":{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + completion
                + ",\"total_tokens\":" + (prompt + completion) + "}}";
    }

    /** An SSE body: one {@code data:} frame per payload. */
    static String sse(String... payloads) {
        StringBuilder sb = new StringBuilder();
        for (String p : payloads) {
            sb.append("data: ").append(p).append("\n\n");
        }
        return sb.toString();
    }

    static OpenAiChatStreamDecoder decoder(boolean usageRequested) {
        return new OpenAiChatStreamDecoder(MSG, MODEL, BUFFERED, usageRequested, ToolNameMap.EMPTY);
    }

    static List<StreamEvent> decode(OpenAiChatStreamDecoder d, String transcript) {
        return decodeWhole(d, transcript.getBytes(StandardCharsets.UTF_8));
    }

    static final String ROLE = delta("{\"role\":\"assistant\",\"content\":\"\"}");

    /** Text and then two parallel tool calls, as OpenAI streams them. */
    public static final String TEXT_AND_TWO_TOOLS = sse(ROLE,
            delta("{\"content\":\"Let me check\"}"),
            tc("{\"index\":0,\"id\":\"a\",\"type\":\"function\",\"function\":{\"name\":\"Read\",\"arguments\":\"\"}}"),
            tc("{\"index\":0,\"function\":{\"arguments\":\"{\\\"file_path\\\":\"}}"),
            tc("{\"index\":0,\"function\":{\"arguments\":\"\\\"a.ts\\\"}\"}}"),
            tc("{\"index\":1,\"id\":\"b\",\"type\":\"function\",\"function\":{\"name\":\"Read\",\"arguments\":\"{\\\"file_path\\\":\\\"b.ts\\\"}\"}}"),
            chunk("{}", "tool_calls"),
            usageChunk(100, 20),
            "[DONE]");

    static List<StreamEvent> textAndTwoToolsEvents() {
        return List.of(
                new MessageStart(MSG, MODEL, Usage.ZERO),
                new BlockStart(0, new ContentBlock.Text("")),
                new BlockDelta(0, new Delta.TextDelta("Let me check")),
                new BlockStop(0),
                new BlockStart(1, new ContentBlock.ToolUse("a", "Read", JsonValue.EMPTY_JSON_OBJECT)),
                new BlockDelta(1, new Delta.InputJsonDelta("{\"file_path\":\"a.ts\"}")),
                new BlockStop(1),
                new BlockStart(2, new ContentBlock.ToolUse("b", "Read", JsonValue.EMPTY_JSON_OBJECT)),
                new BlockDelta(2, new Delta.InputJsonDelta("{\"file_path\":\"b.ts\"}")),
                new BlockStop(2),
                new MessageDelta(StopReason.TOOL_USE, null, Usage.of(100, 20)),
                new MessageStop());
    }

    @Test
    @DisplayName("text + two parallel tools: text block 0, tool_use 1 (one delta), tool_use 2, tool_use stop")
    void workedSequenceTextAndTwoTools() {
        List<StreamEvent> events = assertSplitInvariant(() -> decoder(true), TEXT_AND_TWO_TOOLS);
        assertEquals(textAndTwoToolsEvents(), events);
        StreamAccumulator acc = new StreamAccumulator();
        acc.acceptAll(events);
        assertTrue(acc.complete());
    }

    @Test
    @DisplayName("interleaved fragments (0,1,0,1) give the same output, two valid-JSON blocks")
    void interleavedFragments() {
        String transcript = sse(ROLE,
                delta("{\"content\":\"Let me check\"}"),
                tc("{\"index\":0,\"id\":\"a\",\"type\":\"function\",\"function\":{\"name\":\"Read\",\"arguments\":\"\"}}"),
                tc("{\"index\":1,\"id\":\"b\",\"type\":\"function\",\"function\":{\"name\":\"Read\",\"arguments\":\"\"}}"),
                tc("{\"index\":0,\"function\":{\"arguments\":\"{\\\"file_path\\\":\"}}"),
                tc("{\"index\":1,\"function\":{\"arguments\":\"{\\\"file_path\\\":\"}}"),
                tc("{\"index\":0,\"function\":{\"arguments\":\"\\\"a.ts\\\"}\"}}"),
                tc("{\"index\":1,\"function\":{\"arguments\":\"\\\"b.ts\\\"}\"}}"),
                chunk("{}", "tool_calls"),
                usageChunk(100, 20),
                "[DONE]");
        assertEquals(textAndTwoToolsEvents(), assertSplitInvariant(() -> decoder(true), transcript));
    }

    @Test
    @DisplayName("reasoning_content x3 + content x2 → thinking block 0 (signature \"\"), text block 1, end_turn")
    void reasoningThenContent() {
        String transcript = sse(ROLE,
                delta("{\"reasoning_content\":\"Let \"}"),
                delta("{\"reasoning_content\":\"me \"}"),
                delta("{\"reasoning_content\":\"think\"}"),
                delta("{\"content\":\"Hello\"}"),
                delta("{\"content\":\" world\"}"),
                chunk("{}", "stop"),
                "[DONE]");
        List<StreamEvent> events = assertSplitInvariant(() -> decoder(false), transcript);
        assertEquals(List.of(
                new MessageStart(MSG, MODEL, Usage.ZERO),
                new BlockStart(0, new ContentBlock.Thinking("", "")),
                new BlockDelta(0, new Delta.ThinkingDelta("Let ")),
                new BlockDelta(0, new Delta.ThinkingDelta("me ")),
                new BlockDelta(0, new Delta.ThinkingDelta("think")),
                new BlockDelta(0, new Delta.SignatureDelta("")), // the StreamBuilder's completion (the guard's before)
                new BlockStop(0),
                new BlockStart(1, new ContentBlock.Text("")),
                new BlockDelta(1, new Delta.TextDelta("Hello")),
                new BlockDelta(1, new Delta.TextDelta(" world")),
                new BlockStop(1),
                new MessageDelta(StopReason.END_TURN, null, Usage.ZERO),
                new MessageStop()), events);
    }

    @Test
    @DisplayName("tool-only stream → block 0 is tool_use, no empty text block")
    void toolOnlyStream() {
        String transcript = sse(ROLE,
                tc("{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"Bash\",\"arguments\":\"{\\\"command\\\":\\\"ls\\\"}\"}}"),
                chunk("{}", "tool_calls"), "[DONE]");
        List<StreamEvent> events = assertSplitInvariant(() -> decoder(false), transcript);
        BlockStart first = assertInstanceOf(BlockStart.class, events.get(1));
        assertEquals(0, first.index());
        assertInstanceOf(ContentBlock.ToolUse.class, first.block());
        assertTrue(events.stream().noneMatch(e -> e instanceof BlockStart s && s.block() instanceof ContentBlock.Text));
    }

    @Test
    @DisplayName("[DONE] alone in a later read after finish tool_calls → tool_use")
    void doneAloneInLaterRead() {
        String head = sse(ROLE,
                tc("{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"Bash\",\"arguments\":\"{}\"}}"),
                chunk("{}", "tool_calls"));
        String all = head + sse("[DONE]");
        byte[] body = all.getBytes(StandardCharsets.UTF_8);
        OpenAiChatStreamDecoder d = decoder(true); // usage requested but never sent: waits, then [DONE] finishes
        List<StreamEvent> first = d.onBytes(body, 0, head.length());
        assertTrue(first.stream().noneMatch(e -> e instanceof MessageDelta), "nothing final before [DONE]");
        List<StreamEvent> rest = decodeSplit(d, java.util.Arrays.copyOfRange(body, head.length(), body.length));
        MessageDelta md = (MessageDelta) rest.stream().filter(e -> e instanceof MessageDelta).findFirst().orElseThrow();
        assertEquals(StopReason.TOOL_USE, md.stopReason());
        assertInstanceOf(MessageStop.class, rest.get(rest.size() - 1));
        assertSplitInvariant(() -> decoder(true), all);
    }

    @Test
    @DisplayName("finish + usage in one read → one message_delta with the real usage")
    void finishAndUsageInOneRead() {
        String transcript = sse(ROLE, delta("{\"content\":\"hi\"}"), chunk("{}", "stop"), usageChunk(12, 3), "[DONE]");
        List<StreamEvent> events = assertSplitInvariant(() -> decoder(true), transcript);
        List<MessageDelta> deltas = events.stream().filter(e -> e instanceof MessageDelta).map(e -> (MessageDelta) e).toList();
        assertEquals(1, deltas.size());
        assertEquals(Usage.of(12, 3), deltas.get(0).usage());
    }

    @Test
    @DisplayName("upstream side: with include_usage requested the final usage (> 0) reaches message_delta")
    void includeUsageAwaitsUsageChunk() {
        String transcript = sse(ROLE, delta("{\"content\":\"hi\"}"), chunk("{}", "stop"), usageChunk(7, 2));
        List<StreamEvent> events = decode(decoder(true), transcript);
        MessageDelta md = (MessageDelta) events.get(events.size() - 2);
        assertTrue(md.usage().inputTokens() > 0 && md.usage().outputTokens() > 0);
    }

    @Test
    @DisplayName("EOF after finish without [DONE] → normal end")
    void eofAfterFinish() {
        String transcript = sse(ROLE, delta("{\"content\":\"hi\"}"), chunk("{}", "stop"));
        List<StreamEvent> events = assertSplitInvariant(() -> decoder(true), transcript);
        assertInstanceOf(MessageStop.class, events.get(events.size() - 1));
        assertEquals(StopReason.END_TURN, ((MessageDelta) events.get(events.size() - 2)).stopReason());
    }

    @Test
    @DisplayName("EOF with neither finish nor [DONE] → open block stopped, then error")
    void eofWithoutFinish() {
        String transcript = sse(ROLE, delta("{\"content\":\"partial\"}"));
        List<StreamEvent> events = assertSplitInvariant(() -> decoder(false), transcript);
        assertEquals(new BlockStop(0), events.get(events.size() - 2));
        StreamEvent.StreamError err = assertInstanceOf(StreamEvent.StreamError.class, events.get(events.size() - 1));
        assertEquals(ErrorKind.UPSTREAM_BAD_RESPONSE, err.kind());
        assertEquals("upstream stream ended prematurely", err.message());
        assertEquals("api_error", dev.switchboard.kernel.dialect.ClientErrors.anthropicType(err.kind()));
    }

    @Test
    @DisplayName("lenientEof profile → EOF without finish ends normally")
    void lenientEof() {
        OpenAiChatProfile lenient = OpenAiChatProfile.builder().lenientEof(true).build();
        List<StreamEvent> events = decode(new OpenAiChatStreamDecoder(MSG, MODEL, lenient, false, ToolNameMap.EMPTY),
                sse(ROLE, delta("{\"content\":\"partial\"}")));
        assertInstanceOf(MessageStop.class, events.get(events.size() - 1));
    }

    @Test
    @DisplayName("first fragment without id/name → block starts when named, nothing lost")
    void argumentsBeforeName() {
        String transcript = sse(ROLE,
                tc("{\"index\":0,\"function\":{\"arguments\":\"{\\\"command\\\":\"}}"),
                tc("{\"index\":0,\"id\":\"call_x\",\"type\":\"function\",\"function\":{\"name\":\"Bash\",\"arguments\":\"\\\"ls\\\"}\"}}"),
                chunk("{}", "tool_calls"), "[DONE]");
        for (OpenAiChatProfile p : List.of(BUFFERED, EAGER)) {
            List<StreamEvent> events = assertSplitInvariant(
                    () -> new OpenAiChatStreamDecoder(MSG, MODEL, p, false, ToolNameMap.EMPTY), transcript);
            ChatResponse r = fold(events);
            assertEquals(List.of(new ContentBlock.ToolUse("call_x", "Bash", OcTestSupport.json("{\"command\":\"ls\"}"))),
                    r.content(), p.toolStreaming().name());
        }
    }

    @Test
    @DisplayName("a tool that never gets arguments → input {}")
    void toolWithoutArguments() {
        String transcript = sse(ROLE,
                tc("{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"Now\"}}"),
                chunk("{}", "tool_calls"), "[DONE]");
        for (OpenAiChatProfile p : List.of(BUFFERED, EAGER)) {
            List<StreamEvent> events = decode(new OpenAiChatStreamDecoder(MSG, MODEL, p, false, ToolNameMap.EMPTY), transcript);
            assertTrue(events.contains(new BlockDelta(0, new Delta.InputJsonDelta("{}"))), p.toolStreaming().name());
            assertEquals(JsonValue.EMPTY_JSON_OBJECT, ((ContentBlock.ToolUse) fold(events).content().get(0)).input());
        }
    }

    @Test
    @DisplayName("first upstream chunk usage-only → exactly one message_start")
    void usageOnlyFirstChunk() {
        String transcript = sse(usageChunk(5, 0), ROLE, delta("{\"content\":\"ok\"}"), chunk("{}", "stop"),
                usageChunk(5, 1), "[DONE]");
        List<StreamEvent> events = assertSplitInvariant(() -> decoder(true), transcript);
        assertEquals(1, events.stream().filter(e -> e instanceof MessageStart).count());
        assertInstanceOf(MessageStart.class, events.get(0));
        assertEquals(Usage.of(5, 1), ((MessageDelta) events.get(events.size() - 2)).usage());
    }

    @Test
    @DisplayName("data: without space, CRLF, comments and event: lines parse the same")
    void framingVariants() {
        String plain = sse(ROLE, delta("{\"content\":\"hi\"}"), chunk("{}", "stop"), "[DONE]");
        String odd = ": keep-alive\r\n\r\n"
                + "event: message\r\ndata:" + ROLE + "\r\n\r\n"
                + ": comment\r\n"
                + "data:" + delta("{\"content\":\"hi\"}") + "\r\n\r\n"
                + "data:  " + chunk("{}", "stop") + "\r\n\r\n"
                + "data:[DONE]\r\n\r\n";
        assertEquals(decode(decoder(false), plain), assertSplitInvariant(() -> decoder(false), odd));
    }

    @Test
    @DisplayName("a multi-byte character split across reads → no U+FFFD")
    void multiByteSplit() {
        String text = "héllo 世界 🎉";
        String transcript = sse(ROLE, delta("{\"content\":\"" + text + "\"}"), chunk("{}", "stop"), "[DONE]");
        List<StreamEvent> events = assertSplitInvariant(() -> decoder(false), transcript);
        assertEquals(text, fold(events).text());
    }

    @Test
    @DisplayName("upstream error chunk mid-stream → open block stopped, error event, nothing after")
    void errorChunkMidStream() {
        String transcript = sse(ROLE, delta("{\"content\":\"partial\"}"),
                "{\"error\":{\"message\":\"Overloaded\",\"type\":\"server_error\",\"code\":\"overloaded\"}}",
                delta("{\"content\":\"ignored\"}"), "[DONE]");
        List<StreamEvent> events = assertSplitInvariant(() -> decoder(false), transcript);
        assertEquals(List.of(
                new MessageStart(MSG, MODEL, Usage.ZERO),
                new BlockStart(0, new ContentBlock.Text("")),
                new BlockDelta(0, new Delta.TextDelta("partial")),
                new BlockStop(0),
                new StreamEvent.StreamError(ErrorKind.UPSTREAM_OVERLOADED, "Overloaded")), events);
    }

    @Test
    @DisplayName("error chunks map to their error kinds (rate limit, context length, plain string)")
    void errorChunkKinds() {
        assertEquals(ErrorKind.UPSTREAM_RATE_LIMITED, lastError(sse("{\"error\":{\"message\":\"slow down\",\"code\":429}}")).kind());
        assertEquals(ErrorKind.CONTEXT_TOO_LONG,
                lastError(sse("{\"error\":{\"message\":\"too long\",\"code\":\"context_length_exceeded\"}}")).kind());
        StreamEvent.StreamError s = lastError(sse("{\"error\":\"boom\"}"));
        assertEquals(ErrorKind.UPSTREAM_SERVER, s.kind());
        assertEquals("boom", s.message());
        // falsy error members are not errors
        List<StreamEvent> ok = decode(decoder(false), sse(ROLE.replace("\"id\"", "\"error\":null,\"id\""), chunk("{}", "stop")));
        assertInstanceOf(MessageStop.class, ok.get(ok.size() - 1));
    }

    private static StreamEvent.StreamError lastError(String transcript) {
        List<StreamEvent> events = decode(decoder(false), transcript);
        return assertInstanceOf(StreamEvent.StreamError.class, events.get(events.size() - 1));
    }

    @Test
    @DisplayName("event: error whose payload is the error object itself → error event")
    void errorEventWithoutErrorKey() {
        List<StreamEvent> events = decode(decoder(false), sse(ROLE) + "event: error\ndata: {\"message\":\"quota gone\",\"code\":\"insufficient_quota\"}\n\n");
        StreamEvent.StreamError err = assertInstanceOf(StreamEvent.StreamError.class, events.get(events.size() - 1));
        assertEquals(ErrorKind.UPSTREAM_QUOTA_EXHAUSTED, err.kind());
        assertEquals("quota gone", err.message());
    }

    @Test
    @DisplayName("whitespace before a tool call opens no text block; whitespace before text is kept")
    void whitespaceBeforeToolCall() {
        List<StreamEvent> events = assertSplitInvariant(() -> decoder(false), sse(ROLE, delta("{\"content\":\"\\n\\n\"}"),
                tc("{\"index\":0,\"id\":\"a\",\"function\":{\"name\":\"Now\",\"arguments\":\"{}\"}}"),
                chunk("{}", "tool_calls"), "[DONE]"));
        assertTrue(events.stream().noneMatch(e -> e instanceof BlockStart s && s.block() instanceof ContentBlock.Text));
        List<StreamEvent> kept = decode(decoder(false), sse(ROLE, delta("{\"content\":\"\\n\"}"), delta("{\"content\":\"Hi\"}"),
                chunk("{}", "stop")));
        assertEquals("\nHi", fold(kept).text());
    }

    @Test
    @DisplayName("a malformed data line is an upstream error at once, never skipped into a normal finish")
    void unparseableLines() {
        List<StreamEvent> bad = decode(decoder(false), sse(ROLE, delta("{\"content\":\"x\"}"), "{oops",
                chunk("{}", "stop"), "[DONE]"));
        StreamEvent.StreamError err = assertInstanceOf(StreamEvent.StreamError.class, bad.get(bad.size() - 1));
        assertEquals(ErrorKind.UPSTREAM_BAD_RESPONSE, err.kind());
        assertFalse(bad.stream().anyMatch(e -> e instanceof StreamEvent.MessageStop), bad.toString());
        List<StreamEvent> truncated = decode(decoder(false), sse(ROLE) + "data: {\"choices\":[{\"delta\":{\"cont");
        assertInstanceOf(StreamEvent.StreamError.class, truncated.get(truncated.size() - 1), "a frame cut mid-JSON");
    }

    @Test
    @DisplayName("tool_calls[].index missing → array position is the key")
    void indexMissing() {
        String transcript = sse(ROLE,
                delta("{\"tool_calls\":[{\"id\":\"a\",\"type\":\"function\",\"function\":{\"name\":\"Read\",\"arguments\":\"{\\\"p\\\":\"}},"
                        + "{\"id\":\"b\",\"type\":\"function\",\"function\":{\"name\":\"Grep\",\"arguments\":\"{\\\"q\\\":\"}}]}"),
                delta("{\"tool_calls\":[{\"function\":{\"arguments\":\"1}\"}},{\"function\":{\"arguments\":\"2}\"}}]}"),
                chunk("{}", "tool_calls"), "[DONE]");
        List<ContentBlock> content = fold(assertSplitInvariant(() -> decoder(false), transcript)).content();
        assertEquals(List.of(new ContentBlock.ToolUse("a", "Read", OcTestSupport.json("{\"p\":1}")),
                new ContentBlock.ToolUse("b", "Grep", OcTestSupport.json("{\"q\":2}"))), content);
    }

    @Test
    @DisplayName("all parallel calls as index 0 (new id + name = new call)")
    void allCallsAtIndexZero() {
        String transcript = sse(ROLE,
                tc("{\"index\":0,\"id\":\"a\",\"type\":\"function\",\"function\":{\"name\":\"Read\",\"arguments\":\"{\\\"p\\\":1}\"}}"),
                tc("{\"index\":0,\"id\":\"b\",\"type\":\"function\",\"function\":{\"name\":\"Read\",\"arguments\":\"{\\\"p\\\":\"}}"),
                tc("{\"index\":0,\"function\":{\"arguments\":\"2}\"}}"),
                tc("{\"index\":0,\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"Grep\",\"arguments\":\"{\\\"q\\\":3}\"}}"),
                chunk("{}", "stop"), "[DONE]");
        ChatResponse r = fold(assertSplitInvariant(() -> decoder(false), transcript));
        assertEquals(3, r.content().size());
        assertEquals(OcTestSupport.json("{\"p\":2}"), ((ContentBlock.ToolUse) r.content().get(1)).input());
        assertEquals("Grep", ((ContentBlock.ToolUse) r.content().get(2)).name());
        assertEquals(StopReason.TOOL_USE, r.stopReason(), "override 1: tool calls with finish stop → tool_use");
        // same key, no id, a new name after complete arguments: also a new call
        ChatResponse noIds = fold(decode(decoder(false), sse(ROLE,
                tc("{\"index\":0,\"function\":{\"name\":\"Read\",\"arguments\":\"{\\\"p\\\":1}\"}}"),
                tc("{\"index\":0,\"function\":{\"name\":\"Grep\",\"arguments\":\"{\\\"q\\\":3}\"}}"),
                chunk("{}", "tool_calls"))));
        assertEquals(List.of("Read", "Grep"), noIds.content().stream().map(b -> ((ContentBlock.ToolUse) b).name()).toList());
    }

    @Test
    @DisplayName("content and finish_reason in one chunk; usage on the finish chunk; choices:null")
    void combinedChunks() {
        String finishWithUsage = chunk("{\"content\":\"done\"}", "stop")
                .replace("}]}", "}],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":4}}");
        String transcript = sse(ROLE, "{\"id\":\"x\",\"choices\":null}", finishWithUsage, usageChunk(99, 99), "[DONE]");
        List<StreamEvent> events = assertSplitInvariant(() -> decoder(true), transcript);
        assertEquals("done", fold(events).text());
        assertEquals(Usage.of(9, 4), ((MessageDelta) events.get(events.size() - 2)).usage(),
                "finish chunk with usage ends at once; the later chunk is ignored");
    }

    @Test
    @DisplayName("tool ids sanitised (Kimi functions.Bash:0), names restored through the writer's map")
    void idsSanitisedNamesRestored() {
        String longName = "mcp__a_very_long_server_name_for_testing__and_an_even_longer_tool_name_here";
        ToolNameMap names = ToolNameMap.of(List.of(longName));
        String alias = ToolNameMap.aliasFor(longName);
        String transcript = sse(ROLE,
                tc("{\"index\":0,\"id\":\"functions.Bash:0\",\"type\":\"function\",\"function\":{\"name\":\"" + alias
                        + "\",\"arguments\":\"{}\"}}"),
                chunk("{}", "tool_calls"), "[DONE]");
        List<StreamEvent> events = decode(new OpenAiChatStreamDecoder(MSG, MODEL, BUFFERED, false, names), transcript);
        ContentBlock.ToolUse u = (ContentBlock.ToolUse) fold(events).content().get(0);
        assertEquals("functions_Bash_0", u.id());
        assertEquals(longName, u.name());
    }

    @Test
    @DisplayName("a tool call without id gets a generated toolu_ id")
    void missingIdGenerated() {
        List<StreamEvent> events = decode(decoder(false), sse(ROLE,
                tc("{\"index\":0,\"function\":{\"name\":\"Now\",\"arguments\":\"{}\"}}"), chunk("{}", "tool_calls")));
        assertTrue(((ContentBlock.ToolUse) fold(events).content().get(0)).id().matches("toolu_[A-Za-z0-9]{24}"));
    }

    @Test
    @DisplayName("N4 (stream): usage 1000/50 cached 800 → input 200, cache_read 800, output 50")
    void usageArithmetic() {
        String u = "{\"choices\":[],\"usage\":{\"prompt_tokens\":1000,\"completion_tokens\":50,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":800}}}";
        List<StreamEvent> events = decode(decoder(true), sse(ROLE, delta("{\"content\":\"a\"}"), chunk("{}", "stop"), u, "[DONE]"));
        assertEquals(new Usage(200, 50, 0, 800, null), ((MessageDelta) events.get(events.size() - 2)).usage());
    }

    @Test
    @DisplayName("finish tool_calls without any usable call → end_turn; never-named call dropped")
    void phantomToolCalls() {
        List<StreamEvent> events = decode(decoder(false), sse(ROLE, delta("{\"content\":\"hm\"}"),
                tc("{\"index\":0,\"function\":{\"arguments\":\"{}\"}}"), chunk("{}", "tool_calls"), "[DONE]"));
        assertEquals(StopReason.END_TURN, fold(events).stopReason());
        assertEquals(1, fold(events).content().size());
    }

    @Test
    @DisplayName("refusal text → text block and stop reason refusal")
    void refusal() {
        List<StreamEvent> events = decode(decoder(false), sse(ROLE, delta("{\"refusal\":\"I can't help\"}"),
                chunk("{}", "stop"), "[DONE]"));
        ChatResponse r = fold(events);
        assertEquals("I can't help", r.text());
        assertEquals(StopReason.REFUSAL, r.stopReason());
    }

    @Test
    @DisplayName("unrepairable buffered arguments → {\"_raw\": text} ; repairable ones are repaired")
    void argumentRepair() {
        List<StreamEvent> events = decode(decoder(false), sse(ROLE,
                tc("{\"index\":0,\"id\":\"a\",\"function\":{\"name\":\"A\",\"arguments\":\"{\\\"x\\\":1,\"}}"),
                tc("{\"index\":1,\"id\":\"b\",\"function\":{\"name\":\"B\",\"arguments\":\"not json\"}}"),
                chunk("{}", "tool_calls")));
        List<ContentBlock> c = fold(events).content();
        assertEquals(OcTestSupport.json("{\"x\":1}"), ((ContentBlock.ToolUse) c.get(0)).input());
        assertEquals(OcTestSupport.json("{\"_raw\":\"not json\"}"), ((ContentBlock.ToolUse) c.get(1)).input());
    }

    @Test
    @DisplayName("sequential calls stream their arguments at their own index")
    void eagerSequential() {
        List<StreamEvent> events = assertSplitInvariant(
                () -> new OpenAiChatStreamDecoder(MSG, MODEL, EAGER, true, ToolNameMap.EMPTY), TEXT_AND_TWO_TOOLS);
        assertEquals(List.of(
                new MessageStart(MSG, MODEL, Usage.ZERO),
                new BlockStart(0, new ContentBlock.Text("")),
                new BlockDelta(0, new Delta.TextDelta("Let me check")),
                new BlockStop(0),
                new BlockStart(1, new ContentBlock.ToolUse("a", "Read", JsonValue.EMPTY_JSON_OBJECT)),
                new BlockDelta(1, new Delta.InputJsonDelta("{\"file_path\":")),
                new BlockDelta(1, new Delta.InputJsonDelta("\"a.ts\"}")),
                new BlockStop(1),
                new BlockStart(2, new ContentBlock.ToolUse("b", "Read", JsonValue.EMPTY_JSON_OBJECT)),
                new BlockDelta(2, new Delta.InputJsonDelta("{\"file_path\":\"b.ts\"}")),
                new BlockStop(2),
                new MessageDelta(StopReason.TOOL_USE, null, Usage.of(100, 20)),
                new MessageStop()), events);
    }

    @Test
    @DisplayName("fragments of a closed call are dropped and flagged (use BUFFERED)")
    void eagerInterleavedFlagged() {
        OpenAiChatStreamDecoder d = new OpenAiChatStreamDecoder(MSG, MODEL, EAGER, false, ToolNameMap.EMPTY);
        decode(d, sse(ROLE,
                tc("{\"index\":0,\"id\":\"a\",\"function\":{\"name\":\"Read\",\"arguments\":\"{\\\"p\\\":\"}}"),
                tc("{\"index\":1,\"id\":\"b\",\"function\":{\"name\":\"Read\",\"arguments\":\"{}\"}}"),
                tc("{\"index\":0,\"function\":{\"arguments\":\"1}\"}}"),
                chunk("{}", "tool_calls")));
        assertTrue(d.lateToolFragments());
        assertFalse(decoder(false).lateToolFragments());
    }

    @Test
    @DisplayName("an event stream that is not SSE at all ends in an error, never a silent success")
    void nonSseBody() {
        List<StreamEvent> events = decode(decoder(false), "<html><body>502 Bad Gateway</body></html>");
        assertInstanceOf(MessageStart.class, events.get(0));
        assertInstanceOf(StreamEvent.StreamError.class, events.get(events.size() - 1));
    }

    @Test
    @DisplayName("forRequest: include_usage and the tool-name map come from the written request")
    void forRequest() throws GatewayException {
        OpenAiChatUpstreamRequest req = new OpenAiChatUpstreamRequest(
                Jsons.parseObject("{\"stream\":true,\"stream_options\":{\"include_usage\":true}}"), ToolNameMap.EMPTY);
        OpenAiChatStreamDecoder d = OpenAiChatStreamDecoder.forRequest(req, MODEL, BUFFERED);
        List<StreamEvent> events = decode(d, sse(ROLE, delta("{\"content\":\"a\"}"), chunk("{}", "stop")));
        // usage requested but never sent: the finish waits and EOF after the finish ends normally
        assertInstanceOf(MessageStop.class, events.get(events.size() - 1));
        assertTrue(((MessageStart) events.get(0)).id().startsWith("msg_"));
    }

    public static ChatResponse fold(List<StreamEvent> events) {
        StreamAccumulator acc = new StreamAccumulator();
        acc.acceptAll(events);
        try {
            return acc.toResponse();
        } catch (GatewayException e) {
            throw new AssertionError(e);
        }
    }
}
