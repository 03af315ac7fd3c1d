package dev.switchboard.spi.stream;

import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.SignatureOrigin;
import dev.switchboard.spi.model.StopReason;
import dev.switchboard.spi.model.Usage;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The one producer of the canonical stream grammar (see the package documentation) for decoders: a decoder says
 * what it understood of its upstream — the message started, some text, a tool call began, the answer ended — and
 * the builder emits the events, so no decoder implements the grammar itself. The builder owns these rules:
 * <ul>
 *   <li>exactly one {@code MessageStart}, first: {@link #start} emits it at once, {@link #startLater} with the
 *       first block or the finish (an error before any content then stands alone: the attempt failed);</li>
 *   <li>blocks are opened and stopped with dense rising indices; opening a block stops the open one; a block
 *       still open at the finish or an error is stopped first;</li>
 *   <li>no empty text block: a text block starts with its first non-empty text, and citations that came before
 *       it wait for it;</li>
 *   <li>a thinking block without a signature gets {@code SignatureDelta("")} before its stop (clients discard
 *       thinking without one; a decoder forwards only signatures its upstream sent);</li>
 *   <li>a tool call without input gets {@code "{}"} (a tool is called with an empty object, never with
 *       nothing): this is the only place that rule lives, so writers never repeat it;</li>
 *   <li>the stop reason follows the blocks ({@link #stopReasonFor});</li>
 *   <li>nothing follows the terminal event.</li>
 * </ul>
 * Blocks are addressed by a key the decoder chooses (the upstream's index, item or call id): a key that differs
 * from the open block's starts a new block, and a {@code null} key continues whatever block of the same kind is
 * open. Events collect until {@link #drain}. One per stream; not thread-safe.
 *
 * @since 2.2.0
 */
public final class StreamBuilder {
    /** What kind of block is open, for decoders whose own rules depend on it. */
    public enum Kind { TEXT, THINKING, TOOL, OTHER }

    private List<StreamEvent> out = new ArrayList<>();
    private StreamEvent.MessageStart pendingStart;
    private boolean started;
    private boolean ended;
    private int nextIndex;
    private int toolBlocks;
    private OutputBlock open;

    /** The events built since the last call, in order; the builder keeps none of them. */
    public List<StreamEvent> drain() {
        List<StreamEvent> events = out;
        out = new ArrayList<>();
        return events;
    }

    /** True once the {@code MessageStart} went out. */
    public boolean started() {
        return started;
    }

    /** True once the finish or an error went out: every later call is ignored. */
    public boolean ended() {
        return ended;
    }

    /** Tool-use blocks started so far. */
    public int toolBlocks() {
        return toolBlocks;
    }

    /** The kind of the open block, or null when none is open. */
    public Kind openKind() {
        return open == null ? null : kindOf(open.start);
    }

    /** Emits the {@code MessageStart} now, unless one went out already. */
    public void start(String id, String model, Usage usage) {
        if (!started && !ended) {
            started = true;
            pendingStart = null;
            out.add(new StreamEvent.MessageStart(id, model, usage));
        }
    }

    /** Keeps the {@code MessageStart} until the first block or the finish. */
    public void startLater(String id, String model, Usage usage) {
        if (!started) {
            pendingStart = new StreamEvent.MessageStart(id, model, usage);
        }
    }

    /** Text for the text block {@code key}; empty text adds nothing. */
    public void text(Object key, String text) {
        if (text == null || text.isEmpty() || ended) {
            return;
        }
        emitDelta(ensureOpen(Kind.TEXT, key, new ContentBlock.Text("")), new Delta.TextDelta(text));
    }

    /** A citation of the text block {@code key}; it waits for that block's first text. */
    public void citation(Object key, JsonObject citation) {
        if (!ended) {
            emitDelta(ensureOpen(Kind.TEXT, key, new ContentBlock.Text("")), new Delta.CitationsDelta(citation));
        }
    }

    /** Reasoning text for the thinking block {@code key}; empty text adds nothing. */
    public void thinking(Object key, String text) {
        if (text == null || text.isEmpty() || ended) {
            return;
        }
        emitDelta(ensureOpen(Kind.THINKING, key, new ContentBlock.Thinking("", "")), new Delta.ThinkingDelta(text));
    }

    /**
     * The signature of the open thinking block (one is opened when none is), which it ends; null is the empty
     * signature.
     */
    public void signature(String signature, SignatureOrigin origin) {
        if (ended) {
            return;
        }
        OutputBlock b = ensureOpen(Kind.THINKING, null, new ContentBlock.Thinking("", ""));
        emitDelta(b, new Delta.SignatureDelta(signature == null ? "" : signature, origin));
        close();
    }

    /** Starts the tool call {@code key} (the open block is stopped first). */
    public void toolStart(Object key, String id, String name) {
        open(key, new ContentBlock.ToolUse(id, name == null ? "" : name, JsonValue.EMPTY_JSON_OBJECT));
    }

    /** A fragment of the input JSON of the open tool call {@code key}; a call that is not open cannot take one. */
    public void toolInput(Object key, String fragment) {
        if (fragment != null && !fragment.isEmpty() && !ended && matches(Kind.TOOL, key)) {
            emitDelta(open, new Delta.InputJsonDelta(fragment));
        }
    }

    /** A complete block with no deltas (redacted thinking, an opaque block): started and stopped at once. */
    public void block(ContentBlock complete) {
        open(null, complete);
        close();
    }

    /**
     * Opens block {@code key} with its initial state, for decoders whose upstream already speaks in blocks; the open
     * block is stopped first. An empty text start waits for the block's first text.
     */
    public void open(Object key, ContentBlock start) {
        if (ended) {
            return;
        }
        close();
        emitPendingStart();
        open = new OutputBlock(key, start);
        if (!open.waitsForText()) {
            open.start(this::nextIndex, out);
            if (start instanceof ContentBlock.ToolUse) {
                toolBlocks++;
            }
        }
    }

    /**
     * A delta for block {@code key}. One that does not fit the open block is placed by its kind: text, citations and
     * thinking start a block of their own; a signature or tool input without its block is dropped.
     */
    public void delta(Object key, Delta delta) {
        if (ended) {
            return;
        }
        if (delta instanceof Delta.SignatureDelta s) {
            if (matches(Kind.THINKING, key)) {
                signature(s.signature(), s.origin()); // it ends the block: one signature, just before the stop
            }
            return;
        }
        if (open != null && Objects.equals(open.key, key) && StreamGuard.deltaFits(open.start, delta)) {
            emitDelta(open, delta);
            return;
        }
        switch (delta) {
            case Delta.TextDelta t -> text(key, t.text());
            case Delta.CitationsDelta c -> citation(key, c.citation());
            case Delta.ThinkingDelta t -> thinking(key, t.thinking());
            case Delta.InputJsonDelta j -> toolInput(key, j.partialJson());
            case Delta.SignatureDelta s -> throw new IllegalStateException("handled above");
        }
    }

    /** Stops block {@code key} if it is the open one. */
    public void close(Object key) {
        if (open != null && Objects.equals(open.key, key)) {
            close();
        }
    }

    /** Stops the open block, if any, completing what it lacks (a signature, a tool's input). */
    public void close() {
        if (open != null) {
            open.stop(out); // a text block that never got text is not sent at all
            open = null;
        }
    }

    /** Ends the message: the open block stopped, then the stop reason (see {@link #stopReasonFor}) and usage. */
    public void finish(StopReason reason, String stopSequence, Usage usage) {
        if (ended) {
            return;
        }
        emitPendingStart();
        close();
        StopReason effective = stopReasonFor(reason, toolBlocks > 0);
        out.add(new StreamEvent.MessageDelta(effective, effective == StopReason.STOP_SEQUENCE ? stopSequence : null,
                usage));
        out.add(new StreamEvent.MessageStop());
        ended = true;
    }

    /** Ends the message normally without a stop sequence. */
    public void finish(StopReason reason, Usage usage) {
        finish(reason, null, usage);
    }

    /** Ends the stream with an error, the open block stopped first; nothing follows it. */
    public void error(ErrorKind kind, String message) {
        if (ended) {
            return;
        }
        close();
        out.add(new StreamEvent.StreamError(kind, message));
        ended = true;
    }

    /**
     * The stop reason that fits the blocks produced: clients run tools only on {@code tool_use}, so a tool call turns
     * {@code end_turn} and {@code stop_sequence} (and an unknown reason, null) into {@code tool_use}; a
     * {@code tool_use} without any tool call would stall the client, so it becomes {@code end_turn}. The other
     * reasons are kept: a call cut off by the token limit must not be run.
     */
    public static StopReason stopReasonFor(StopReason given, boolean toolCalls) {
        if (toolCalls && (given == null || given == StopReason.END_TURN || given == StopReason.STOP_SEQUENCE)) {
            return StopReason.TOOL_USE;
        }
        if (given == null || (!toolCalls && given == StopReason.TOOL_USE)) {
            return StopReason.END_TURN;
        }
        return given;
    }

    /**
     * The delta a block needs before its stop when it lacks one, or null: the empty signature of an unsigned thinking
     * block, {@code "{}"} for a tool call without input. {@link StreamGuard} repairs a plugin's stream with the same
     * completion, so the rule has one home.
     */
    static Delta missingEnding(ContentBlock start, boolean signed, boolean hasInput) {
        if (start instanceof ContentBlock.Thinking && !signed) {
            return new Delta.SignatureDelta("");
        }
        if (start instanceof ContentBlock.ToolUse && !hasInput) {
            return new Delta.InputJsonDelta("{}");
        }
        return null;
    }

    private static Kind kindOf(ContentBlock block) {
        return switch (block) {
            case ContentBlock.Text t -> Kind.TEXT;
            case ContentBlock.Thinking t -> Kind.THINKING;
            case ContentBlock.ToolUse u -> Kind.TOOL;
            default -> Kind.OTHER;
        };
    }

    private boolean matches(Kind kind, Object key) {
        return open != null && kindOf(open.start) == kind && (key == null || Objects.equals(key, open.key));
    }

    private OutputBlock ensureOpen(Kind kind, Object key, ContentBlock start) {
        if (!matches(kind, key)) {
            open(key, start);
        }
        return open;
    }

    private void emitPendingStart() {
        if (!started) {
            StreamEvent.MessageStart s = pendingStart != null ? pendingStart : new StreamEvent.MessageStart(null, null, null);
            start(s.id(), s.model(), s.usage());
        }
    }

    private int nextIndex() {
        return nextIndex++;
    }

    private void emitDelta(OutputBlock b, Delta delta) {
        b.delta(delta, this::nextIndex, out);
    }
}
