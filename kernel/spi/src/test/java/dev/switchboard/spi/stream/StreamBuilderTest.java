package dev.switchboard.spi.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.SignatureOrigin;
import dev.switchboard.spi.model.StopReason;
import dev.switchboard.spi.model.Usage;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each grammar rule the builder owns, from the intents a decoder expresses. */
class StreamBuilderTest {
    private static final Usage START_USAGE = Usage.of(10, 0);
    private static final StreamEvent START = new StreamEvent.MessageStart("m", "x", START_USAGE);
    private static final ContentBlock.Text TEXT = new ContentBlock.Text("");
    private static final ContentBlock.Thinking THINKING = new ContentBlock.Thinking("", "");
    private static final StreamEvent MESSAGE_STOP = new StreamEvent.MessageStop();

    private final StreamBuilder b = new StreamBuilder();

    private static ContentBlock.ToolUse tool(String id) {
        return new ContentBlock.ToolUse(id, "Bash", JsonValue.EMPTY_JSON_OBJECT);
    }

    private static StreamEvent delta(int i, Delta d) {
        return new StreamEvent.BlockDelta(i, d);
    }

    private static StreamEvent end(StopReason r) {
        return new StreamEvent.MessageDelta(r, null, Usage.of(10, 5));
    }

    /** The builder's output is a valid stream by the guard's own checker, and passes the guard untouched. */
    private List<StreamEvent> drainValid() {
        List<StreamEvent> events = b.drain();
        StreamGuardTest.assertGrammatical(events, "builder");
        StreamGuard guard = new StreamGuard("builder");
        List<StreamEvent> guarded = new ArrayList<>();
        events.forEach(e -> guarded.addAll(guard.accept(e)));
        guarded.addAll(guard.finish());
        assertEquals(events, guarded, "a builder stream needs no repair");
        assertEquals(0, guard.repairs());
        return events;
    }

    @Test
    void blocksOpenAndCloseWithDenseIndicesAndOneStart() {
        b.start("m", "x", START_USAGE);
        b.start("again", "y", Usage.ZERO);
        b.text(null, "hi");
        b.text(null, " there");
        b.thinking(null, "hm");
        b.signature("sig", SignatureOrigin.ANTHROPIC);
        b.toolStart("call_1", "toolu_1", "Bash");
        b.toolInput("call_1", "{\"a\":1}");
        b.finish(StopReason.TOOL_USE, Usage.of(10, 5));
        assertEquals(List.of(START,
                new StreamEvent.BlockStart(0, TEXT), delta(0, new Delta.TextDelta("hi")), delta(0, new Delta.TextDelta(" there")),
                new StreamEvent.BlockStop(0),
                new StreamEvent.BlockStart(1, THINKING), delta(1, new Delta.ThinkingDelta("hm")),
                delta(1, new Delta.SignatureDelta("sig", SignatureOrigin.ANTHROPIC)), new StreamEvent.BlockStop(1),
                new StreamEvent.BlockStart(2, tool("toolu_1")), delta(2, new Delta.InputJsonDelta("{\"a\":1}")),
                new StreamEvent.BlockStop(2), end(StopReason.TOOL_USE), MESSAGE_STOP), drainValid());
        assertTrue(b.ended());
    }

    @Test
    void aDifferentKeyStartsANewBlockAndANullKeyContinues() {
        b.start("m", "x", START_USAGE);
        b.text("a", "one");
        b.text(null, "+");
        b.text("b", "two");
        b.finish(StopReason.END_TURN, Usage.of(10, 5));
        List<StreamEvent> events = drainValid();
        assertEquals(List.of(new StreamEvent.BlockStart(0, TEXT), delta(0, new Delta.TextDelta("one")),
                delta(0, new Delta.TextDelta("+")), new StreamEvent.BlockStop(0), new StreamEvent.BlockStart(1, TEXT),
                delta(1, new Delta.TextDelta("two")), new StreamEvent.BlockStop(1)), events.subList(1, 8));
    }

    @Test
    void aToolCallWithoutInputGetsAnEmptyObject() {
        b.start("m", "x", START_USAGE);
        b.toolStart("k", "toolu_1", "Now");
        b.toolInput("k", "");
        b.finish(null, Usage.of(10, 5));
        assertEquals(List.of(START, new StreamEvent.BlockStart(0, new ContentBlock.ToolUse("toolu_1", "Now", JsonValue.EMPTY_JSON_OBJECT)),
                delta(0, new Delta.InputJsonDelta("{}")), new StreamEvent.BlockStop(0), end(StopReason.TOOL_USE), MESSAGE_STOP),
                drainValid());
    }

    @Test
    void aThinkingBlockWithoutSignatureGetsAnEmptyOne() {
        b.start("m", "x", START_USAGE);
        b.thinking(null, "hm");
        b.text(null, "answer");
        b.finish(StopReason.END_TURN, Usage.of(10, 5));
        List<StreamEvent> events = drainValid();
        assertEquals(List.of(new StreamEvent.BlockStart(0, THINKING), delta(0, new Delta.ThinkingDelta("hm")),
                delta(0, new Delta.SignatureDelta("")), new StreamEvent.BlockStop(0)), events.subList(1, 5));
    }

    @Test
    void theStopReasonFollowsTheBlocks() {
        assertEquals(StopReason.TOOL_USE, StreamBuilder.stopReasonFor(StopReason.END_TURN, true));
        assertEquals(StopReason.TOOL_USE, StreamBuilder.stopReasonFor(StopReason.STOP_SEQUENCE, true));
        assertEquals(StopReason.TOOL_USE, StreamBuilder.stopReasonFor(null, true));
        assertEquals(StopReason.MAX_TOKENS, StreamBuilder.stopReasonFor(StopReason.MAX_TOKENS, true), "a cut-off call is not run");
        assertEquals(StopReason.END_TURN, StreamBuilder.stopReasonFor(StopReason.TOOL_USE, false), "phantom tool turn");
        assertEquals(StopReason.END_TURN, StreamBuilder.stopReasonFor(null, false));
        assertEquals(StopReason.REFUSAL, StreamBuilder.stopReasonFor(StopReason.REFUSAL, false));

        b.start("m", "x", START_USAGE);
        b.text(null, "done");
        b.finish(StopReason.STOP_SEQUENCE, "###", Usage.of(10, 5));
        assertEquals(new StreamEvent.MessageDelta(StopReason.STOP_SEQUENCE, "###", Usage.of(10, 5)), b.drain().get(4));
        StreamBuilder withTool = new StreamBuilder();
        withTool.toolStart("k", "t", "Bash");
        withTool.finish(StopReason.STOP_SEQUENCE, "###", Usage.ZERO);
        assertEquals(new StreamEvent.MessageDelta(StopReason.TOOL_USE, null, Usage.ZERO), withTool.drain().get(4),
                "the stop sequence goes with the stop_sequence reason");
    }

    @Test
    void emptyTextNeverOpensABlockAndCitationsWaitForTheirText() {
        JsonObject cite = Json.createObjectBuilder().add("type", "c").build();
        b.start("m", "x", START_USAGE);
        b.text(null, "");
        b.open(0, TEXT);
        b.close(0); // an empty text block: not sent
        b.citation(1, cite);
        b.text(1, "");
        b.text(1, "cited");
        b.finish(StopReason.END_TURN, Usage.of(10, 5));
        assertEquals(List.of(START, new StreamEvent.BlockStart(0, TEXT), delta(0, new Delta.CitationsDelta(cite)),
                delta(0, new Delta.TextDelta("cited")), new StreamEvent.BlockStop(0), end(StopReason.END_TURN), MESSAGE_STOP),
                drainValid());
    }

    @Test
    void aDeferredStartWaitsForContentAndAnEarlyErrorStandsAlone() {
        b.startLater("m", "x", START_USAGE);
        assertEquals(List.of(), b.drain());
        b.error(ErrorKind.UPSTREAM_RATE_LIMITED, "slow down");
        assertEquals(List.of(new StreamEvent.StreamError(ErrorKind.UPSTREAM_RATE_LIMITED, "slow down")), drainValid());
        assertTrue(!b.started());

        StreamBuilder later = new StreamBuilder();
        later.startLater("m", "x", START_USAGE);
        later.block(new ContentBlock.RedactedThinking("enc"));
        later.finish(StopReason.END_TURN, Usage.of(10, 5));
        assertEquals(List.of(START, new StreamEvent.BlockStart(0, new ContentBlock.RedactedThinking("enc")),
                new StreamEvent.BlockStop(0), end(StopReason.END_TURN), MESSAGE_STOP), later.drain());
    }

    @Test
    void contentWithoutAStartGetsOneAndAnErrorStopsTheOpenBlock() {
        b.text(null, "par");
        b.error(ErrorKind.UPSTREAM_CONNECTION, "reset");
        assertEquals(List.of(new StreamEvent.MessageStart(null, null, Usage.ZERO), new StreamEvent.BlockStart(0, TEXT),
                delta(0, new Delta.TextDelta("par")), new StreamEvent.BlockStop(0),
                new StreamEvent.StreamError(ErrorKind.UPSTREAM_CONNECTION, "reset")), drainValid());
    }

    @Test
    void nothingFollowsTheTerminalEvent() {
        b.start("m", "x", START_USAGE);
        b.finish(StopReason.END_TURN, Usage.of(10, 5));
        b.text(null, "late");
        b.toolStart("k", "t", "Bash");
        b.error(ErrorKind.UPSTREAM_SERVER, "late");
        b.finish(StopReason.END_TURN, Usage.ZERO);
        assertEquals(List.of(START, end(StopReason.END_TURN), MESSAGE_STOP), drainValid());
    }

    @Test
    void upstreamBlocksPassThroughAndMisplacedDeltasFindTheirBlock() {
        b.start("m", "x", START_USAGE);
        b.open(3, THINKING);
        b.delta(3, new Delta.ThinkingDelta("t"));
        b.delta(3, new Delta.SignatureDelta("s", SignatureOrigin.ANTHROPIC));
        b.delta(3, new Delta.SignatureDelta("again", SignatureOrigin.ANTHROPIC)); // the block has ended: dropped
        b.close(3);
        b.open(7, tool("toolu_1"));
        b.delta(7, new Delta.TextDelta("oops")); // text on a tool block starts a text block
        b.delta(9, new Delta.InputJsonDelta("{}")); // input for no open tool: dropped
        b.finish(StopReason.END_TURN, Usage.of(10, 5));
        assertEquals(List.of(START, new StreamEvent.BlockStart(0, THINKING), delta(0, new Delta.ThinkingDelta("t")),
                delta(0, new Delta.SignatureDelta("s", SignatureOrigin.ANTHROPIC)), new StreamEvent.BlockStop(0),
                new StreamEvent.BlockStart(1, tool("toolu_1")), delta(1, new Delta.InputJsonDelta("{}")),
                new StreamEvent.BlockStop(1), new StreamEvent.BlockStart(2, TEXT), delta(2, new Delta.TextDelta("oops")),
                new StreamEvent.BlockStop(2), end(StopReason.TOOL_USE), MESSAGE_STOP), drainValid());
        assertEquals(1, b.toolBlocks());
        assertNull(b.openKind());
    }

    @Test
    void drainHandsOverEachEventOnce() {
        b.start("m", "x", START_USAGE);
        assertEquals(List.of(START), b.drain());
        b.text(null, "a");
        assertEquals(StreamBuilder.Kind.TEXT, b.openKind());
        assertEquals(List.of(new StreamEvent.BlockStart(0, TEXT), delta(0, new Delta.TextDelta("a"))), b.drain());
        assertEquals(List.of(), b.drain());
    }
}
