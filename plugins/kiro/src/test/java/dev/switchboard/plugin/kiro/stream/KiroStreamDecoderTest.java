package dev.switchboard.plugin.kiro.stream;

import static dev.switchboard.plugin.kiro.eventstream.EventStreamEncoder.event;
import static dev.switchboard.plugin.kiro.eventstream.EventStreamEncoder.exception;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.plugin.kiro.KiroFixtures;
import dev.switchboard.plugin.kiro.KiroModels;
import dev.switchboard.plugin.kiro.convert.KiroRequest;
import dev.switchboard.plugin.kiro.convert.ToolNames;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.TokenCounter;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatResponse;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.StopReason;
import dev.switchboard.spi.model.UsageSource;
import dev.switchboard.spi.stream.StreamEvent;
import jakarta.json.JsonValue;
import dev.switchboard.plugin.kiro.KiroErrorClassifier;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The Kiro response decoder: bytes → canonical events (frames, exceptions, block grammar, usage, errors). */
class KiroStreamDecoderTest {
    private static final Logger LOG = Logger.getLogger(KiroStreamDecoderTest.class.getName());
    static final int INPUT_ESTIMATE = 120;

    static KiroStreamDecoder decoder(ToolNames names, boolean thinkingTags) {
        KiroModels.KiroModel model = KiroModels.defaults().find("claude-sonnet-4-5").orElseThrow();
        KiroRequest req = new KiroRequest(JsonValue.EMPTY_JSON_OBJECT, new byte[0], INPUT_ESTIMATE, names, "c", model,
                thinkingTags);
        return new KiroStreamDecoder(req, "claude-sonnet-4-5", TokenCounter.shared(),
                KiroErrorClassifier.forCall(INPUT_ESTIMATE, model.contextWindow(), null, Clock.systemUTC(), LOG), LOG);
    }

    static KiroStreamDecoder decoder() {
        return decoder(new ToolNames(), false);
    }

    /** A stream may run for minutes: its decoder must not keep the request's body and bytes, only what it reads. */
    @Test
    void theDecoderDoesNotKeepItsRequestsBody() throws InterruptedException {
        KiroModels.KiroModel model = KiroModels.defaults().find("claude-sonnet-4-5").orElseThrow();
        byte[] bytes = new byte[200_000];
        java.lang.ref.WeakReference<byte[]> sent = new java.lang.ref.WeakReference<>(bytes);
        KiroStreamDecoder d = new KiroStreamDecoder(new KiroRequest(JsonValue.EMPTY_JSON_OBJECT, bytes, INPUT_ESTIMATE,
                new ToolNames(), "c", model, false), "claude-sonnet-4-5", TokenCounter.shared(),
                KiroErrorClassifier.forCall(INPUT_ESTIMATE, model.contextWindow(), null, Clock.systemUTC(), LOG), LOG);
        bytes = null;
        for (int i = 0; i < 100 && sent.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertTrue(sent.get() == null, "the request's bytes are garbage while the decoder lives");
        assertFalse(decode(d, event("assistantResponseEvent", "{\"content\":\"hi\"}")).isEmpty(), "it still decodes");
    }

    static List<StreamEvent> decode(KiroStreamDecoder d, byte[]... chunks) {
        List<StreamEvent> out = new ArrayList<>();
        for (byte[] c : chunks) {
            out.addAll(d.onBytes(c, 0, c.length));
        }
        out.addAll(d.onEnd());
        return out;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    /** Compact rendering; the random message id is left out. */
    static List<String> render(List<StreamEvent> events) {
        List<String> out = new ArrayList<>();
        for (StreamEvent e : events) {
            out.add(switch (e) {
                case StreamEvent.MessageStart s -> "start in=" + s.usage().inputTokens() + " " + s.usage().source().wire();
                case StreamEvent.BlockStart s -> "block " + s.index() + " " + switch (s.block()) {
                    case ContentBlock.ToolUse u -> "tool_use " + u.id() + " " + u.name();
                    default -> s.block().type();
                };
                case StreamEvent.BlockDelta d -> "delta " + d.index() + " " + d.delta();
                case StreamEvent.BlockStop s -> "stop " + s.index();
                case StreamEvent.MessageDelta d -> "end " + d.stopReason().wire() + " in=" + d.usage().inputTokens()
                        + " out=" + (d.usage().outputTokens() > 0 ? "+" : "0") + " " + d.usage().source().wire();
                case StreamEvent.MessageStop s -> "message_stop";
                case StreamEvent.StreamError err -> "error " + err.kind() + " " + err.message();
            });
        }
        return out;
    }

    static final List<String> FIXTURE_EVENTS = List.of(
            "start in=" + INPUT_ESTIMATE + " estimated",
            "block 0 text",
            "delta 0 TextDelta[text=I will read the file.]",
            "stop 0",
            "block 1 tool_use tooluse_AbCdEfGhIjKlMnOpQrStUv Read",
            "delta 1 InputJsonDelta[partialJson={\"file_pa]",
            "delta 1 InputJsonDelta[partialJson=th\": \"/src/a.txt\"}]",
            "stop 1",
            "end tool_use in=5000 out=+ estimated",
            "message_stop");

    @Test
    void theFixtureDecodesToTheDocumentedCanonicalEvents() {
        KiroStreamDecoder d = decoder();
        assertEquals(FIXTURE_EVENTS, render(decode(d, KiroFixtures.toolUseStream())));
        assertEquals(0.0456, d.credits(), 1e-9);
        assertEquals(2.5, d.contextPercentage());
    }

    @Test
    void meteredCreditsTravelWithTheFinalUsageSoTheKernelRecordsThem() {
        List<StreamEvent> events = decode(decoder(), KiroFixtures.toolUseStream());
        StreamEvent.MessageDelta end = (StreamEvent.MessageDelta) events.get(events.size() - 2);
        assertEquals(0.0456, end.usage().credits(), 1e-9);
        assertEquals(UsageSource.ESTIMATED, end.usage().source(), "the tokens stay estimates; the credits are real");
    }

    @Test
    void everySplitAtEveryByteBoundaryDecodesIdentically() {
        byte[] all = KiroFixtures.toolUseStream();
        for (int cut = 0; cut <= all.length; cut++) {
            KiroStreamDecoder d = decoder();
            List<StreamEvent> events = new ArrayList<>(d.onBytes(all, 0, cut));
            events.addAll(d.onBytes(all, cut, all.length - cut));
            events.addAll(d.onEnd());
            assertEquals(FIXTURE_EVENTS, render(events), "split at " + cut);
        }
        KiroStreamDecoder d = decoder();
        List<StreamEvent> events = new ArrayList<>();
        for (int i = 0; i < all.length; i++) {
            events.addAll(d.onBytes(all, i, 1));
        }
        events.addAll(d.onEnd());
        assertEquals(FIXTURE_EVENTS, render(events));
    }

    @Test
    void eventsAreEmittedAsSoonAsTheirFrameIsComplete() {
        byte[] all = KiroFixtures.toolUseStream();
        KiroStreamDecoder d = decoder();
        assertTrue(d.onBytes(all, 0, 142).isEmpty(), "frame 0 incomplete");
        assertEquals(List.of("start in=120 estimated", "block 0 text", "delta 0 TextDelta[text=I will read the file.]"),
                render(d.onBytes(all, 142, 1)));
    }

    @Test
    void aFlippedBitEndsTheStreamWithAnErrorAndNoGarbage() {
        byte[] all = KiroFixtures.toolUseStream();
        all[600] ^= 0x04; // inside frame 3's payload: "th\": …"
        List<String> got = render(decode(decoder(), all));
        assertEquals(List.of(FIXTURE_EVENTS.get(0), FIXTURE_EVENTS.get(1), FIXTURE_EVENTS.get(2), FIXTURE_EVENTS.get(3),
                FIXTURE_EVENTS.get(4), FIXTURE_EVENTS.get(5), "stop 1"), got.subList(0, 7));
        assertEquals(8, got.size());
        assertTrue(got.get(7).startsWith("error UPSTREAM_BAD_RESPONSE malformed upstream event stream: message CRC"),
                got.get(7));
    }

    @Test
    void aCorruptFirstFrameIsAPreContentFailure() {
        byte[] all = KiroFixtures.toolUseStream();
        all[5] ^= 0x01; // headers_len: the prelude CRC catches it
        List<String> got = render(decode(decoder(), all));
        assertEquals(1, got.size());
        assertTrue(got.getFirst().startsWith("error UPSTREAM_BAD_RESPONSE"), got.getFirst());
    }

    @Test
    void euroSplitInsideTheCharacterStaysIntact() {
        byte[] frame = KiroFixtures.hex(KiroFixtures.EURO_FRAME);
        KiroStreamDecoder d = decoder();
        List<StreamEvent> events = new ArrayList<>(d.onBytes(frame, 0, 117));
        events.addAll(d.onBytes(frame, 117, frame.length - 117));
        events.addAll(d.onEnd());
        assertTrue(render(events).contains("delta 0 TextDelta[text=€uro]"), render(events).toString());
        assertFalse(render(events).toString().contains("\uFFFD"));
    }

    @Test
    void identicalConsecutiveDeltasAreAllKept() {
        byte[] ab = event("assistantResponseEvent", "{\"content\":\"ab\"}");
        List<String> got = render(decode(decoder(), concat(ab, ab, ab)));
        assertEquals(3, got.stream().filter(s -> s.equals("delta 0 TextDelta[text=ab]")).count(), got.toString());
    }

    @Test
    void payloadKeyOrderAndUnknownEventsDoNotMatter() {
        byte[] unsortedStart = event("toolUseEvent", "{\"toolUseId\":\"t1\",\"name\":\"Read\"}");
        byte[] unsortedInput = event("toolUseEvent", "{\"toolUseId\":\"t1\",\"input\":\"{}\",\"name\":\"Read\"}");
        byte[] unsortedStop = event("toolUseEvent", "{\"stop\":true,\"toolUseId\":\"t1\",\"name\":\"Read\"}");
        byte[] unknown = event("followupPromptEvent", "{\"followupPrompt\":{\"content\":\"x\"}}");
        byte[] madeUp = event("somethingNewEvent", "{\"content\":\"not text\"}");
        List<String> got = render(decode(decoder(), concat(unknown, unsortedStart, madeUp, unsortedInput, unsortedStop)));
        assertEquals(List.of("start in=120 estimated", "block 0 tool_use t1 Read", "delta 0 InputJsonDelta[partialJson={}]",
                "stop 0", "end tool_use in=120 out=+ estimated", "message_stop"), got);
    }

    @Test
    void exceptionBeforeContentIsOnlyAnError() {
        List<String> got = render(decode(decoder(), KiroFixtures.hex(KiroFixtures.EXCEPTION_FRAME)));
        assertEquals(List.of("error UPSTREAM_RATE_LIMITED upstream ThrottlingException: Too many requests"), got);
    }

    @Test
    void exceptionAfterContentClosesTheBlockAndEndsWithAnErrorNotEndTurn() {
        byte[] text = event("assistantResponseEvent", "{\"content\":\"partial\"}");
        List<String> got = render(decode(decoder(), concat(text, exception("InternalServerException", "boom"))));
        assertEquals(List.of("start in=120 estimated", "block 0 text", "delta 0 TextDelta[text=partial]", "stop 0",
                "error UPSTREAM_SERVER upstream InternalServerException: boom"), got);
    }

    @Test
    void contentLengthExceededEndsWithMaxTokens() {
        byte[] text = event("assistantResponseEvent", "{\"content\":\"long answer\"}");
        byte[] after = event("assistantResponseEvent", "{\"content\":\"ignored\"}");
        List<String> got = render(decode(decoder(), concat(text,
                exception("ContentLengthExceededException", "Output too long"), after)));
        assertEquals(List.of("start in=120 estimated", "block 0 text", "delta 0 TextDelta[text=long answer]", "stop 0",
                "end max_tokens in=120 out=+ estimated", "message_stop"), got);
    }

    @Test
    void noContentAtAllIsAnEmptyUpstreamResponse() {
        assertEquals(List.of("error UPSTREAM_BAD_RESPONSE empty upstream response"), render(decode(decoder())));
        byte[] metering = event("meteringEvent", "{\"unit\":\"credit\",\"usage\":0.01}");
        assertEquals(List.of("error UPSTREAM_BAD_RESPONSE empty upstream response"),
                render(decode(decoder(), metering, KiroFixtures.hex(KiroFixtures.CONTEXT_FRAME))));
    }

    @Test
    void endOfStreamInsideAFrameIsAnError() {
        byte[] text = event("assistantResponseEvent", "{\"content\":\"hello\"}");
        byte[] next = event("assistantResponseEvent", "{\"content\":\" world\"}");
        List<String> got = render(decode(decoder(), text, java.util.Arrays.copyOf(next, 20)));
        assertEquals("error UPSTREAM_CONNECTION upstream stream ended inside an event frame", got.getLast());
        assertFalse(got.contains("message_stop"));
    }

    @Test
    void framesForAClosedToolCallAreDroppedAndTextAfterAToolOpensANewBlock() {
        byte[] start = event("toolUseEvent", "{\"name\":\"Bash\",\"toolUseId\":\"t9\"}");
        byte[] stop = event("toolUseEvent", "{\"name\":\"Bash\",\"stop\":true,\"toolUseId\":\"t9\"}");
        byte[] late = event("toolUseEvent", "{\"input\":\"{\\\"x\\\":1}\",\"name\":\"Bash\",\"toolUseId\":\"t9\"}");
        byte[] text = event("assistantResponseEvent", "{\"content\":\"done\"}");
        List<String> got = render(decode(decoder(), concat(start, stop, late, text)));
        assertEquals(List.of("start in=120 estimated", "block 0 tool_use t9 Bash",
                "delta 0 InputJsonDelta[partialJson={}]", "stop 0", "block 1 text", "delta 1 TextDelta[text=done]",
                "stop 1", "end tool_use in=120 out=+ estimated", "message_stop"), got);
    }

    @Test
    void metadataTokenUsageIsUpstreamUsageAndItsStopReasonWins() {
        byte[] text = event("assistantResponseEvent", "{\"content\":\"hi\"}");
        byte[] meta = event("metadataEvent", "{\"stopReason\":\"MAX_TOKENS\",\"tokenUsage\":{\"cacheReadInputTokens\":7,"
                + "\"cacheWriteInputTokens\":3,\"outputTokens\":42,\"totalTokens\":1042,\"uncachedInputTokens\":1000}}");
        List<StreamEvent> events = decode(decoder(), concat(text, meta));
        StreamEvent.MessageDelta end = (StreamEvent.MessageDelta) events.get(events.size() - 2);
        assertEquals(StopReason.MAX_TOKENS, end.stopReason());
        assertEquals(new dev.switchboard.spi.model.Usage(1000, 42, 3, 7, UsageSource.UPSTREAM), end.usage());
    }

    @Test
    void reasoningEventsBecomeThinkingSignatureAndRedactedBlocks() {
        byte[] r1 = event("reasoningContentEvent", "{\"text\":\"Let me think\"}");
        byte[] r2 = event("reasoningContentEvent", "{\"signature\":\"sig123\",\"text\":\" more\"}");
        byte[] red = event("reasoningContentEvent", "{\"redactedContent\":\"b64data\"}");
        byte[] text = event("assistantResponseEvent", "{\"content\":\"Answer\"}");
        List<String> got = render(decode(decoder(), concat(r1, r2, red, text)));
        assertEquals(List.of("start in=120 estimated", "block 0 thinking", "delta 0 ThinkingDelta[thinking=Let me think]",
                "delta 0 ThinkingDelta[thinking= more]", "delta 0 SignatureDelta[signature=sig123, origin=SignatureOrigin[family=kiro, type=thinking-signature]]", "stop 0",
                "block 1 redacted_thinking", "stop 1", "block 2 text", "delta 2 TextDelta[text=Answer]", "stop 2",
                "end end_turn in=120 out=+ estimated", "message_stop"), got);
        ContentBlock.RedactedThinking redacted = decode(decoder(), concat(r1, r2, red, text)).stream()
                .filter(e -> e instanceof dev.switchboard.spi.stream.StreamEvent.BlockStart b
                        && b.block() instanceof ContentBlock.RedactedThinking)
                .map(e -> (ContentBlock.RedactedThinking) ((dev.switchboard.spi.stream.StreamEvent.BlockStart) e).block())
                .findFirst().orElseThrow();
        assertEquals("kiro", redacted.origin().family(), "only Kiro can read its redacted reasoning");
    }

    @Test
    void shortenedToolNamesAreMappedBackToTheClientsName() {
        ToolNames names = new ToolNames();
        String longName = "mcp__some_server__a_really_long_tool_name_that_exceeds_the_kiro_limit_of_63";
        String kiroName = names.toKiro(longName);
        assertTrue(kiroName.length() <= 63);
        byte[] start = event("toolUseEvent", "{\"name\":\"" + kiroName + "\",\"stop\":true,\"toolUseId\":\"t1\"}");
        assertTrue(render(decode(decoder(names, false), start)).contains("block 0 tool_use t1 " + longName));
    }

    @Test
    void unaryDecodingFoldsTheStream() throws GatewayException {
        ChatResponse r = decoder().decodeUnary(KiroFixtures.toolUseStream());
        assertEquals(2, r.content().size());
        assertEquals("I will read the file.", ((ContentBlock.Text) r.content().get(0)).text());
        ContentBlock.ToolUse u = assertInstanceOf(ContentBlock.ToolUse.class, r.content().get(1));
        assertEquals("tooluse_AbCdEfGhIjKlMnOpQrStUv", u.id());
        assertEquals(Jsons.parseObject("{\"file_path\": \"/src/a.txt\"}"), u.input());
        assertEquals(StopReason.TOOL_USE, r.stopReason());
        assertEquals(5000, r.usage().inputTokens());
        assertTrue(r.usage().outputTokens() > 0);
        assertEquals(UsageSource.ESTIMATED, r.usage().source());

        GatewayException e = assertThrows(GatewayException.class,
                () -> decoder().decodeUnary(KiroFixtures.hex(KiroFixtures.EXCEPTION_FRAME)));
        assertEquals(ErrorKind.UPSTREAM_RATE_LIMITED, e.kind());
    }

    @Test
    void promptTagsModeTurnsALeadingThinkingTagIntoAThinkingBlockAcrossSplitDeltas() {
        String[] deltas = {"<thi", "nking>Plan: ", "read it</thin", "king>\n\nThe ", "answer"};
        List<byte[]> frames = new ArrayList<>();
        for (String s : deltas) {
            frames.add(event("assistantResponseEvent", "{\"content\":" + Jsons.quote(s) + "}"));
        }
        List<String> got = render(decode(decoder(new ToolNames(), true), concat(frames.toArray(byte[][]::new))));
        // Tag thinking has no signature: the SPI's StreamBuilder completes it with the empty one (the guard used to).
        assertEquals(List.of("start in=120 estimated", "block 0 thinking", "delta 0 ThinkingDelta[thinking=Plan: ]",
                "delta 0 ThinkingDelta[thinking=read it]", "delta 0 SignatureDelta[signature=, origin=null]", "stop 0", "block 1 text", "delta 1 TextDelta[text=The ]",
                "delta 1 TextDelta[text=answer]", "stop 1", "end end_turn in=120 out=+ estimated", "message_stop"), got);
        List<String> plain = render(decode(decoder(new ToolNames(), true),
                event("assistantResponseEvent", "{\"content\":\"<b>not thinking</b>\"}")));
        assertTrue(plain.contains("delta 0 TextDelta[text=<b>not thinking</b>]"), plain.toString());
    }
}
