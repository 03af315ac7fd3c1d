package dev.switchboard.spi.stream;

import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.StopReason;
import dev.switchboard.spi.model.Usage;
import java.util.ArrayList;
import java.util.List;
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
 * {@link #repairs()}. Two completions are expected of the guard rather than defects and are counted in
 * {@link #normalizations()} and logged at FINE: a thinking block without a signature gets
 * {@code SignatureDelta("")} before its stop (clients discard thinking without one; decoders only forward
 * signatures the provider sent, never fabricate one), and a tool_use block without input gets {@code "{}"} (a tool
 * that never received arguments is called with an empty object, not with nothing).
 *
 * <p>One per stream; not thread-safe.
 */
public final class StreamGuard {
    private static final Logger LOG = Logger.getLogger(StreamGuard.class.getName());

    private final String source;
    private int repairs;
    private int normalizations;

    private boolean started;
    private boolean messageDeltaSeen;
    private boolean terminated;
    private Usage startUsage = Usage.ZERO;
    private int nextIndex;
    private int toolBlocks;
    private OpenBlock open;

    /** State of the block currently open. */
    private static final class OpenBlock {
        final int inputIndex;
        final ContentBlock start;
        /** Output index, or -1 while an empty text block's start is held back. */
        int outputIndex = -1;
        boolean signatureSent;
        boolean inputSent;
        /** Citations of a held-back text block: Anthropic sends them before the text they cite. */
        final List<Delta> heldCitations = new ArrayList<>(0);

        OpenBlock(int inputIndex, ContentBlock start) {
            this.inputIndex = inputIndex;
            this.start = start;
        }
    }

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

    /** Expected completions (empty signature, empty tool input) added so far. */
    public int normalizations() {
        return normalizations;
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
                if (open != null && open.inputIndex == s.index()) {
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
        if (open != null && open.inputIndex == d.index() && deltaFits(open.start, d.delta())) {
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
        open = new OpenBlock(inputIndex, block);
        if (block instanceof ContentBlock.Text t && t.text().isEmpty()) {
            return; // held back until it has content, so an empty text block never reaches a client
        }
        emitStart(out);
    }

    private void emitStart(List<StreamEvent> out) {
        open.outputIndex = nextIndex++;
        switch (open.start) {
            case ContentBlock.ToolUse u -> {
                toolBlocks++;
                open.inputSent = !u.input().isEmpty();
            }
            case ContentBlock.Thinking t -> open.signatureSent = !t.signature().isEmpty();
            default -> {
                // nothing to track
            }
        }
        out.add(new StreamEvent.BlockStart(open.outputIndex, open.start));
    }

    private void emitDelta(Delta delta, List<StreamEvent> out) {
        if (open.outputIndex < 0) {
            if (delta instanceof Delta.CitationsDelta) {
                open.heldCitations.add(delta);
                return;
            }
            if (delta instanceof Delta.TextDelta t && t.text().isEmpty()) {
                return; // still nothing to show
            }
            emitStart(out);
            for (Delta c : open.heldCitations) {
                out.add(new StreamEvent.BlockDelta(open.outputIndex, c));
            }
            open.heldCitations.clear();
        }
        switch (delta) {
            case Delta.SignatureDelta s -> open.signatureSent = true;
            case Delta.InputJsonDelta j -> open.inputSent |= !j.partialJson().isEmpty();
            default -> {
                // nothing to track
            }
        }
        out.add(new StreamEvent.BlockDelta(open.outputIndex, delta));
    }

    /** Stops the open block, if any; {@code defect} (when not null) names the plugin's mistake. */
    private void closeOpen(List<StreamEvent> out, String defect) {
        if (open == null) {
            return;
        }
        if (defect != null) {
            repair(defect);
        }
        if (open.outputIndex < 0) {
            repair("empty text block suppressed");
            open = null;
            return;
        }
        if (open.start instanceof ContentBlock.Thinking && !open.signatureSent) {
            normalize("thinking block without signature; empty signature added");
            out.add(new StreamEvent.BlockDelta(open.outputIndex, new Delta.SignatureDelta("")));
        }
        if (open.start instanceof ContentBlock.ToolUse && !open.inputSent) {
            normalize("tool_use block without input; {} added");
            out.add(new StreamEvent.BlockDelta(open.outputIndex, new Delta.InputJsonDelta("{}")));
        }
        out.add(new StreamEvent.BlockStop(open.outputIndex));
        open = null;
    }

    private void messageDelta(StopReason reason, String stopSequence, Usage usage, List<StreamEvent> out) {
        messageDeltaSeen = true;
        StopReason effective = reason;
        if (toolBlocks > 0 && (reason == StopReason.END_TURN || reason == StopReason.STOP_SEQUENCE)) {
            repair("stop reason " + reason.wire() + " with tool_use blocks; tool_use used");
            effective = StopReason.TOOL_USE;
        } else if (toolBlocks == 0 && reason == StopReason.TOOL_USE) {
            repair("stop reason tool_use without a tool_use block; end_turn used");
            effective = StopReason.END_TURN;
        }
        String sequence = effective == StopReason.STOP_SEQUENCE ? stopSequence : null;
        out.add(new StreamEvent.MessageDelta(effective, sequence, startUsage.merge(usage)));
    }

    private void repair(String what) {
        repairs++;
        LOG.log(Level.WARNING, "plugin stream defect ({0}): {1}", new Object[] {source, what});
    }

    private void normalize(String what) {
        normalizations++;
        LOG.log(Level.FINE, "stream normalised ({0}): {1}", new Object[] {source, what});
    }
}
