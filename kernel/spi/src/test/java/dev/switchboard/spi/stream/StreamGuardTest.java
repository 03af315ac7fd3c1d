package dev.switchboard.spi.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.StopReason;
import dev.switchboard.spi.model.Usage;
import dev.switchboard.spi.model.UsageSource;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class StreamGuardTest {
    private final StreamGuard guard = new StreamGuard("test-plugin");

    private static final StreamEvent START = new StreamEvent.MessageStart("m", "x", Usage.of(10, 0));
    private static final ContentBlock.Text TEXT = new ContentBlock.Text("");
    private static final ContentBlock.Thinking THINKING = new ContentBlock.Thinking("", "");
    private static final ContentBlock.ToolUse TOOL = new ContentBlock.ToolUse("toolu_1", "Bash", JsonValue.EMPTY_JSON_OBJECT);

    private List<StreamEvent> run(StreamEvent... events) {
        List<StreamEvent> out = new ArrayList<>();
        for (StreamEvent e : events) {
            out.addAll(guard.accept(e));
        }
        out.addAll(guard.finish());
        return out;
    }

    private static StreamEvent start(int i, ContentBlock b) {
        return new StreamEvent.BlockStart(i, b);
    }

    private static StreamEvent text(int i, String t) {
        return new StreamEvent.BlockDelta(i, new Delta.TextDelta(t));
    }

    private static StreamEvent json(int i, String j) {
        return new StreamEvent.BlockDelta(i, new Delta.InputJsonDelta(j));
    }

    private static StreamEvent stop(int i) {
        return new StreamEvent.BlockStop(i);
    }

    private static StreamEvent end(StopReason r) {
        return new StreamEvent.MessageDelta(r, null, Usage.of(10, 5));
    }

    private static final StreamEvent MESSAGE_STOP = new StreamEvent.MessageStop();

    @Test
    void aCorrectStreamPassesUnchanged() {
        StreamEvent[] events = {START,
                start(0, THINKING), new StreamEvent.BlockDelta(0, new Delta.ThinkingDelta("hm")),
                new StreamEvent.BlockDelta(0, new Delta.SignatureDelta("sig")), stop(0),
                start(1, TEXT), text(1, "hi"), stop(1),
                start(2, TOOL), json(2, "{\"a\":1}"), stop(2),
                end(StopReason.TOOL_USE), MESSAGE_STOP};
        assertEquals(List.of(events), run(events));
        assertEquals(0, guard.repairs());
        assertTrue(guard.terminated());
    }

    @Test
    void deltaForAnUnstartedIndexWithoutStopIsRepaired() {
        // A plugin that forgets the start and the stop.
        assertEquals(List.of(START, start(0, TEXT), text(0, "hi"), stop(0), end(StopReason.END_TURN), MESSAGE_STOP),
                run(START, text(0, "hi"), end(StopReason.END_TURN), MESSAGE_STOP));
        assertEquals(2, guard.repairs());
    }

    @Test
    void missingMessageStartIsSynthesisedAndASecondOneDropped() {
        List<StreamEvent> out = run(start(0, TEXT), text(0, "a"), START, stop(0), end(StopReason.END_TURN), MESSAGE_STOP);
        assertEquals(new StreamEvent.MessageStart(null, null, Usage.ZERO), out.get(0));
        assertEquals(List.of(start(0, TEXT), text(0, "a"), stop(0)), out.subList(1, 4));
        assertEquals(2, guard.repairs());
    }

    @Test
    void danglingBlockIsStoppedBeforeTheNextStartAndIndicesAreDense() {
        assertEquals(List.of(START, start(0, TEXT), text(0, "a"), stop(0), start(1, TOOL), json(1, "{}"), stop(1),
                        end(StopReason.TOOL_USE), MESSAGE_STOP),
                run(START, start(5, TEXT), text(5, "a"), start(9, TOOL), json(9, "{}"), stop(9), end(StopReason.TOOL_USE), MESSAGE_STOP));
        assertEquals(1, guard.repairs());
    }

    @Test
    void mismatchedDeltasAreDroppedOrStartTheirOwnBlock() {
        List<StreamEvent> out = run(START,
                start(0, TEXT), text(0, "a"), json(0, "{}"), // tool input on a text block: dropped
                new StreamEvent.BlockDelta(0, new Delta.ThinkingDelta("t")), // thinking on text: new thinking block
                stop(0), stop(0), // the second stop is for nothing open
                new StreamEvent.BlockDelta(4, new Delta.SignatureDelta("s")), // cannot start a block
                end(StopReason.END_TURN), MESSAGE_STOP);
        assertEquals(List.of(START, start(0, TEXT), text(0, "a"), stop(0),
                start(1, THINKING), new StreamEvent.BlockDelta(1, new Delta.ThinkingDelta("t")),
                new StreamEvent.BlockDelta(1, new Delta.SignatureDelta("")), stop(1),
                end(StopReason.END_TURN), MESSAGE_STOP), out);
        assertEquals(4 + 1, guard.repairs(), "four misplaced events, and the unsigned thinking block");
    }

    @Test
    void emptyTextBlocksNeverReachTheClient() {
        assertEquals(List.of(START, start(0, TOOL), json(0, "{}"), stop(0), end(StopReason.TOOL_USE), MESSAGE_STOP),
                run(START, start(0, TEXT), text(0, ""), stop(0), start(1, TOOL), json(1, "{}"), stop(1), end(StopReason.TOOL_USE),
                        MESSAGE_STOP));
        assertEquals(1, guard.repairs());
    }

    @Test
    void citationsWaitForTheTextTheyCite() {
        StreamEvent cite = new StreamEvent.BlockDelta(0, new Delta.CitationsDelta(Json.createObjectBuilder().add("type", "c").build()));
        assertEquals(List.of(START, start(0, TEXT), cite, text(0, "cited"), stop(0), end(StopReason.END_TURN), MESSAGE_STOP),
                run(START, start(0, TEXT), cite, text(0, ""), text(0, "cited"), stop(0), end(StopReason.END_TURN), MESSAGE_STOP));
        assertEquals(0, guard.repairs());
    }

    /** A plugin that does not use the builder still gets its blocks completed, but it is told it has a defect. */
    @Test
    void thinkingGetsASignatureAndToolsGetInput() {
        assertEquals(List.of(START, start(0, THINKING), new StreamEvent.BlockDelta(0, new Delta.SignatureDelta("")), stop(0),
                        start(1, TOOL), json(1, ""), json(1, "{}"), stop(1), end(StopReason.TOOL_USE), MESSAGE_STOP),
                run(START, start(0, THINKING), stop(0), start(1, TOOL), json(1, ""), stop(1), end(StopReason.TOOL_USE), MESSAGE_STOP));
        assertEquals(2, guard.repairs(), "both completions are the builder's job: a plugin stream that needs them is defective");
    }

    @Test
    void missingMessageDeltaIsSynthesisedWithTheToolOverride() {
        List<StreamEvent> out = run(START, start(0, TOOL), json(0, "{}"), MESSAGE_STOP);
        assertEquals(List.of(START, start(0, TOOL), json(0, "{}"), stop(0),
                new StreamEvent.MessageDelta(StopReason.TOOL_USE, null, Usage.of(10, 0)), MESSAGE_STOP), out);
        assertEquals(3, guard.repairs(), "open block, missing delta, end_turn with a tool");
    }

    @Test
    void stopReasonFollowsTheBlocks() {
        assertEquals(StopReason.TOOL_USE, finalReason(StopReason.END_TURN, true));
        assertEquals(StopReason.TOOL_USE, finalReason(StopReason.STOP_SEQUENCE, true));
        assertEquals(StopReason.MAX_TOKENS, finalReason(StopReason.MAX_TOKENS, true), "a cut-off call is not run");
        assertEquals(StopReason.END_TURN, finalReason(StopReason.TOOL_USE, false), "phantom tool turn");
        assertEquals(StopReason.REFUSAL, finalReason(StopReason.REFUSAL, false));
    }

    private static StopReason finalReason(StopReason given, boolean withTool) {
        StreamGuard g = new StreamGuard("p");
        List<StreamEvent> out = new ArrayList<>(g.accept(START));
        if (withTool) {
            out.addAll(g.accept(start(0, TOOL)));
            out.addAll(g.accept(stop(0)));
        }
        out.addAll(g.accept(end(given)));
        return out.stream().filter(e -> e instanceof StreamEvent.MessageDelta).map(e -> ((StreamEvent.MessageDelta) e).stopReason())
                .findFirst().orElseThrow();
    }

    @Test
    void finalUsageKeepsTheStartFigures() {
        StreamEvent s = new StreamEvent.MessageStart("m", "x", new Usage(25, 1, 100, 2000, UsageSource.UPSTREAM));
        List<StreamEvent> out = run(s, new StreamEvent.MessageDelta(StopReason.END_TURN, null, Usage.of(0, 50)), MESSAGE_STOP);
        assertEquals(new Usage(25, 50, 100, 2000, UsageSource.UPSTREAM), ((StreamEvent.MessageDelta) out.get(1)).usage());
    }

    @Test
    void nothingFollowsTheTerminalEvent() {
        StreamEvent error = new StreamEvent.StreamError(ErrorKind.UPSTREAM_OVERLOADED, "busy");
        assertEquals(List.of(START, start(0, TEXT), text(0, "a"), stop(0), error),
                run(START, start(0, TEXT), text(0, "a"), error, text(0, "b"), end(StopReason.END_TURN), MESSAGE_STOP));
        assertEquals(3 + 1, guard.repairs(), "open at error, then three dropped events");
    }

    @Test
    void onlyMessageStopFollowsMessageDelta() {
        assertEquals(List.of(START, end(StopReason.END_TURN), MESSAGE_STOP),
                run(START, end(StopReason.END_TURN), start(0, TEXT), text(0, "late"), end(StopReason.END_TURN), MESSAGE_STOP));
        assertEquals(3, guard.repairs());
    }

    @Test
    void errorBeforeAnyContentPassesAlone() {
        StreamEvent error = new StreamEvent.StreamError(ErrorKind.UPSTREAM_RATE_LIMITED, "slow down");
        assertEquals(List.of(error), run(error));
        assertEquals(0, guard.repairs());
    }

    @Test
    void finishEndsWhatTheStreamLeftOpen() {
        assertEquals(List.of(START, end(StopReason.END_TURN), MESSAGE_STOP), run(START, end(StopReason.END_TURN)));
        StreamGuard cut = new StreamGuard("p");
        cut.accept(START);
        cut.accept(start(0, TEXT));
        List<StreamEvent> out = new ArrayList<>(cut.accept(text(0, "par")));
        out.addAll(cut.finish());
        assertEquals(List.of(start(0, TEXT), text(0, "par"), stop(0),
                new StreamEvent.StreamError(ErrorKind.UPSTREAM_BAD_RESPONSE, "upstream stream ended prematurely")), out);
        assertEquals(List.of(), cut.finish());
    }

    /** Random plugin output, however broken, always leaves the guard as a valid canonical stream. */
    @Test
    void anySequenceComesOutGrammatical() {
        Random random = new Random(42);
        List<StreamEvent> palette = List.of(START, start(0, TEXT), start(1, TEXT), start(1, THINKING), start(2, TOOL),
                start(3, new ContentBlock.RedactedThinking("r")), text(0, "a"), text(1, ""), text(1, "b"), json(2, "{\"x\":"),
                json(0, "{}"), new StreamEvent.BlockDelta(1, new Delta.ThinkingDelta("t")),
                new StreamEvent.BlockDelta(1, new Delta.SignatureDelta("s")),
                new StreamEvent.BlockDelta(0, new Delta.CitationsDelta(Json.createObjectBuilder().add("type", "c").build())),
                stop(0), stop(1), stop(2), stop(3), end(StopReason.END_TURN), end(StopReason.TOOL_USE), end(StopReason.MAX_TOKENS),
                MESSAGE_STOP, new StreamEvent.StreamError(ErrorKind.UPSTREAM_SERVER, "x"));
        // Thousands of deliberate defects: keep the (correct) warnings out of the test output.
        Logger logger = Logger.getLogger(StreamGuard.class.getName());
        Level before = logger.getLevel();
        logger.setLevel(Level.OFF);
        try {
            randomRuns(random, palette);
        } finally {
            logger.setLevel(before);
        }
    }

    private static void randomRuns(Random random, List<StreamEvent> palette) {
        for (int run = 0; run < 4000; run++) {
            StreamGuard g = new StreamGuard("random");
            List<StreamEvent> in = new ArrayList<>();
            int n = random.nextInt(14);
            for (int i = 0; i < n; i++) {
                StreamEvent e = palette.get(random.nextInt(palette.size()));
                // Terminal events are rarer than content so that long streams get generated.
                if ((e instanceof StreamEvent.MessageStop || e instanceof StreamEvent.StreamError) && random.nextInt(4) != 0) {
                    continue;
                }
                in.add(e);
            }
            List<StreamEvent> out = new ArrayList<>();
            in.forEach(e -> out.addAll(g.accept(e)));
            out.addAll(g.finish());
            assertGrammatical(out, in.toString());
        }
    }

    @Test
    void repairsAreLoggedAsWarningsWithoutContent() {
        Logger logger = Logger.getLogger(StreamGuard.class.getName());
        List<LogRecord> records = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(capture);
        try {
            run(START, text(0, "SECRET-PROMPT-TEXT"), json(0, "{\"password\":\"hunter2\"}"), end(StopReason.TOOL_USE), MESSAGE_STOP);
        } finally {
            logger.removeHandler(capture);
        }
        List<LogRecord> warnings = records.stream().filter(r -> r.getLevel() == Level.WARNING).toList();
        assertEquals(guard.repairs(), warnings.size());
        assertTrue(guard.repairs() >= 3);
        for (LogRecord r : records) {
            String text = new java.util.logging.SimpleFormatter().formatMessage(r);
            assertTrue(text.contains("test-plugin"), text);
            assertTrue(!text.contains("SECRET") && !text.contains("hunter2"), text);
        }
    }

    /**
     * An independent checker of the canonical grammar: one {@code MessageStart} first, deltas only for the open block
     * and of its kind, no empty text blocks, thinking always signed, only {@code MessageStop} after
     * {@code MessageDelta}, stop reason consistent with the blocks.
     */
    static void assertGrammatical(List<StreamEvent> events, String input) {
        int next = 0;
        Integer open = null;
        ContentBlock openBlock = null;
        boolean openHasText = false;
        boolean openSigned = false;
        boolean started = false;
        boolean delta = false;
        boolean tools = false;
        for (int k = 0; k < events.size(); k++) {
            StreamEvent e = events.get(k);
            String where = "event " + k + " of " + events + " from " + input;
            if (k == events.size() - 1) {
                assertTrue(e instanceof StreamEvent.MessageStop || e instanceof StreamEvent.StreamError, "terminal last: " + where);
            }
            if (!(e instanceof StreamEvent.StreamError)) {
                assertTrue(started || e instanceof StreamEvent.MessageStart, "MessageStart first: " + where);
            }
            switch (e) {
                case StreamEvent.MessageStart s -> {
                    assertTrue(!started, "one MessageStart: " + where);
                    started = true;
                }
                case StreamEvent.BlockStart s -> {
                    assertTrue(open == null && !delta, "no overlap, nothing after MessageDelta: " + where);
                    assertEquals(next++, s.index(), "dense index: " + where);
                    open = s.index();
                    openBlock = s.block();
                    openHasText = false;
                    openSigned = false;
                    tools |= s.block() instanceof ContentBlock.ToolUse;
                }
                case StreamEvent.BlockDelta d -> {
                    assertEquals(open, d.index(), "delta for the open block: " + where);
                    assertTrue(StreamGuard.deltaFits(openBlock, d.delta()), "delta fits: " + where);
                    openHasText |= d.delta() instanceof Delta.TextDelta t && !t.text().isEmpty();
                    openSigned |= d.delta() instanceof Delta.SignatureDelta;
                }
                case StreamEvent.BlockStop s -> {
                    assertEquals(open, s.index(), "stop for the open block: " + where);
                    if (openBlock instanceof ContentBlock.Text) {
                        assertTrue(openHasText, "no empty text block: " + where);
                    }
                    if (openBlock instanceof ContentBlock.Thinking) {
                        assertTrue(openSigned, "thinking signed: " + where);
                    }
                    open = null;
                }
                case StreamEvent.MessageDelta d -> {
                    assertTrue(open == null && !delta, "MessageDelta after blocks, once: " + where);
                    delta = true;
                    if (tools) {
                        assertTrue(d.stopReason() != StopReason.END_TURN && d.stopReason() != StopReason.STOP_SEQUENCE, where);
                    } else {
                        assertTrue(d.stopReason() != StopReason.TOOL_USE, "no phantom tool turn: " + where);
                    }
                }
                case StreamEvent.MessageStop s -> assertTrue(delta && k == events.size() - 1, "MessageStop ends: " + where);
                case StreamEvent.StreamError err -> {
                    assertTrue(open == null, "block stopped before the error: " + where);
                    if (k != events.size() - 1) {
                        fail("error is terminal: " + where);
                    }
                }
            }
        }
        assertInstanceOf(StreamEvent.class, events.get(events.size() - 1));
    }
}
