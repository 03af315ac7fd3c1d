package dev.switchboard.spi.stream;

import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.StopReason;
import dev.switchboard.spi.model.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An event filter between a plugin's {@link dev.switchboard.spi.ResponseDecoder} and any client
 * client stream writer that makes the canonical grammar hold whatever the plugin
 * emitted, because strict SDK stream parsers fail on any of these deviations:
 * <ul>
 *   <li>exactly one {@code MessageStart}, first (synthesised when content comes first);</li>
 *   <li>deltas and stops only for the open block, with a delta kind that fits it; a text or thinking delta
 *       for an unstarted index starts a block of its kind first; deltas that cannot be placed are dropped;</li>
 *   <li>a dangling open block is stopped before the next start, {@code MessageDelta} or {@code StreamError};</li>
 *   <li>output block indices are dense (0, 1, 2, …) whatever the plugin numbered;</li>
 *   <li>empty text blocks are suppressed (the start, and any citations, are held back until the first
 *       non-empty text);</li>
 *   <li>a missing {@code MessageDelta} before {@code MessageStop} is synthesised, and nothing but
 *       {@code MessageStop} (or an error) follows a {@code MessageDelta}; nothing follows the terminal event;</li>
 *   <li>stop reason follows the blocks produced: a tool_use block turns {@code end_turn} and
 *       {@code stop_sequence} into {@code tool_use}; {@code tool_use} without any tool block becomes
 *       {@code end_turn}. {@code max_tokens} and the other reasons are kept: a tool call cut off by the
 *       token limit must not be run;</li>
 *   <li>the final usage includes the figures announced at the start (per-field maximum).</li>
 * </ul>
 * Each of these is a plugin defect: it is logged at WARNING (never with content) and counted in
 * {@link #repairs()}. So are a thinking block without a signature and a tool_use block without input: a decoder
 * built on {@link StreamBuilder} never sends them (the builder owns those completions), so only a plugin with a
 * grammar of its own can, and the guard still completes them, with the builder's own rule
 * ({@code SignatureDelta("")}, {@code "{}"}), because a client must never get a thinking block it discards or a
 * tool call with nothing to parse. Writers rely on that and add nothing.
 *
 * <p>One per stream; not thread-safe.
 */
public final class StreamGuard {
    private static final Logger LOG = Logger.getLogger(StreamGuard.class.getName());

    private final String source;
    private int repairs;

    private boolean started;
    private boolean messageDeltaSeen;
    private boolean terminated;
    private Usage startUsage = Usage.ZERO;
    private int nextIndex;
    private int toolBlocks;
    /** The open block; its key is the plugin's index. */
    private OutputBlock open;

    /** @param source the plugin or provider instance whose stream this is, named in repair logs */
    public StreamGuard(String source) {
        this.source = source == null ? "unknown" : source;
    }

    /** Whether {@code delta} may follow a block that started as {@code block}. */
    public static boolean deltaFits(ContentBlock block, Delta delta) {
        return switch (block) {
            case ContentBlock.Text t -> delta instanceof Delta.TextDelta || delta instanceof Delta.CitationsDelta;
            case ContentBlock.Thinking t -> delta instanceof Delta.ThinkingDelta || delta instanceof Delta.SignatureDelta;
            case ContentBlock.ToolUse u -> delta instanceof Delta.InputJsonDelta;
            // Server-tool calls (server_tool_use, mcp_tool_use) stream their input like tool_use.
            case ContentBlock.Opaque o -> delta instanceof Delta.InputJsonDelta;
            default -> false;
        };
    }

    /** Grammar defects repaired so far. */
    public int repairs() {
        return repairs;
    }

    /**
     * Always 0 since 2.2.0: the completions the guard once counted here (empty signature, empty tool input) belong to
     * {@link StreamBuilder}, and a plugin stream that still needs them is counted in {@link #repairs()}.
     *
     * @deprecated kept for plugins built against 2.1; use {@link #repairs()}
     */
    @Deprecated(since = "2.2.0")
    public int normalizations() {
        return 0;
    }

    /** True once a {@code MessageStop} or {@code StreamError} has been let through. */
    public boolean terminated() {
        return terminated;
    }

    /** Filters one event; returns what the client dialect should receive, in order (possibly nothing). */
    public List<StreamEvent> accept(StreamEvent event) {
        List<StreamEvent> out = new ArrayList<>(3);
        if (terminated) {
            repair("event after the end of the stream dropped");
            return out;
        }
        switch (event) {
            case StreamEvent.MessageStart s -> {
                if (started) {
                    repair("second MessageStart dropped");
                } else {
                    started = true;
                    startUsage = s.usage();
                    out.add(s);
                }
            }
            case StreamEvent.BlockStart s -> {
                if (contentAfterEnd(out)) {
                    return out;
                }
                closeOpen(out, "block started while another block was open");
                openBlock(s.index(), s.block(), out);
            }
            case StreamEvent.BlockDelta d -> {
                if (contentAfterEnd(out)) {
                    return out;
                }
                delta(d, out);
            }
            case StreamEvent.BlockStop s -> {
                if (open != null && Objects.equals(open.key, s.index())) {
                    closeOpen(out, null);
                } else {
                    repair("stop for a block that is not open dropped");
                }
            }
            case StreamEvent.MessageDelta d -> {
                if (messageDeltaSeen) {
                    repair("second MessageDelta dropped");
                    return out;
                }
                ensureStarted(out);
                closeOpen(out, "block still open at MessageDelta");
                messageDelta(d.stopReason(), d.stopSequence(), d.usage(), out);
            }
            case StreamEvent.MessageStop s -> {
                ensureStarted(out);
                if (!messageDeltaSeen) {
                    closeOpen(out, "block still open at MessageStop");
                    repair("MessageStop without MessageDelta; end_turn synthesised");
                    messageDelta(StopReason.END_TURN, null, Usage.ZERO, out);
                }
                out.add(s);
                terminated = true;
            }
            case StreamEvent.StreamError e -> {
                closeOpen(out, "block still open at StreamError");
                out.add(e);
                terminated = true;
            }
        }
        return out;
    }

    /**
     * Ends the stream: after a {@code MessageDelta} the missing {@code MessageStop} is added; a stream that
     * never reached its end gets {@code StreamError(UPSTREAM_BAD_RESPONSE)} (a cut stream must never look
     * like a normal finish).
     */
    public List<StreamEvent> finish() {
        List<StreamEvent> out = new ArrayList<>(3);
        if (terminated) {
            return out;
        }
        if (messageDeltaSeen) {
            repair("stream ended after MessageDelta without MessageStop; MessageStop synthesised");
            out.add(new StreamEvent.MessageStop());
        } else {
            repair("stream ended without MessageStop; error synthesised");
            closeOpen(out, null);
            out.add(new StreamEvent.StreamError(ErrorKind.UPSTREAM_BAD_RESPONSE, "upstream stream ended prematurely"));
        }
        terminated = true;
        return out;
    }

    private boolean contentAfterEnd(List<StreamEvent> out) {
        if (messageDeltaSeen) {
            repair("content after MessageDelta dropped");
            return true;
        }
        ensureStarted(out);
        return false;
    }

    private void ensureStarted(List<StreamEvent> out) {
        if (!started) {
            repair("stream did not begin with MessageStart; MessageStart synthesised");
            started = true;
            out.add(new StreamEvent.MessageStart(null, null, Usage.ZERO));
        }
    }

    private void delta(StreamEvent.BlockDelta d, List<StreamEvent> out) {
        if (open != null && Objects.equals(open.key, d.index()) && deltaFits(open.start, d.delta())) {
            emitDelta(d.delta(), out);
            return;
        }
        ContentBlock fresh = switch (d.delta()) {
            case Delta.TextDelta t -> new ContentBlock.Text("");
            case Delta.CitationsDelta c -> new ContentBlock.Text("");
            case Delta.ThinkingDelta t -> new ContentBlock.Thinking("", "");
            // A signature or tool input cannot start a block: there is no thinking to sign, no tool name.
            default -> null;
        };
        String what = d.delta().getClass().getSimpleName();
        if (fresh == null) {
            repair(what + " for a block that is not open or of another kind dropped");
            return;
        }
        repair(what + " for a block that is not open or of another kind; a matching block started");
        closeOpen(out, null);
        openBlock(d.index(), fresh, out);
        emitDelta(d.delta(), out);
    }

    private void openBlock(int inputIndex, ContentBlock block, List<StreamEvent> out) {
        open = new OutputBlock(inputIndex, block);
        if (!open.waitsForText()) { // held back until it has content, so an empty text block never reaches a client
            open.start(this::nextIndex, out);
            if (block instanceof ContentBlock.ToolUse) {
                toolBlocks++;
            }
        }
    }

    private int nextIndex() {
        return nextIndex++;
    }

    private void emitDelta(Delta delta, List<StreamEvent> out) {
        open.delta(delta, this::nextIndex, out);
    }

    /** Stops the open block, if any; {@code defect} (when not null) names the plugin's mistake. */
    private void closeOpen(List<StreamEvent> out, String defect) {
        if (open == null) {
            return;
        }
        if (defect != null) {
            repair(defect);
        }
        if (!open.sent()) {
            repair("empty text block suppressed");
            open = null;
            return;
        }
        Delta missing = open.stop(out);
        if (missing != null) {
            repair(missing instanceof Delta.SignatureDelta ? "thinking block without signature; empty signature added"
                    : "tool_use block without input; {} added");
        }
        open = null;
    }

    private void messageDelta(StopReason reason, String stopSequence, Usage usage, List<StreamEvent> out) {
        messageDeltaSeen = true;
        StopReason effective = StreamBuilder.stopReasonFor(reason, toolBlocks > 0);
        if (effective != reason) {
            repair("stop reason " + reason.wire() + " does not fit the blocks; " + effective.wire() + " used");
        }
        String sequence = effective == StopReason.STOP_SEQUENCE ? stopSequence : null;
        out.add(new StreamEvent.MessageDelta(effective, sequence, startUsage.merge(usage)));
    }

    private void repair(String what) {
        repairs++;
        LOG.log(Level.WARNING, "plugin stream defect ({0}): {1}", new Object[] {source, what});
    }
}
