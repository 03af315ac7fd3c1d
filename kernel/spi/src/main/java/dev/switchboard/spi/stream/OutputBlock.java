package dev.switchboard.spi.stream;

import dev.switchboard.spi.model.ContentBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * One block on its way to the client, as {@link StreamBuilder} and {@link StreamGuard} both emit it, so the rules of
 * emitting a block live once: an empty text block waits for its first text (and the citations before it wait with
 * it), and at the stop the block gets what it lacks ({@link StreamBuilder#missingEnding}). Not thread-safe.
 */
final class OutputBlock {
    /** The caller's key: a decoder's block key, or the plugin's index for the guard. */
    final Object key;
    final ContentBlock start;
    /** The client's index, or -1 while the block waits for its first text. */
    private int index = -1;
    private boolean signed;
    private boolean hasInput;
    private final List<Delta> heldCitations = new ArrayList<>(0);

    OutputBlock(Object key, ContentBlock start) {
        this.key = key;
        this.start = start;
    }

    /** Whether it waits for text before it starts: an empty text block never reaches a client. */
    boolean waitsForText() {
        return index < 0 && start instanceof ContentBlock.Text t && t.text().isEmpty();
    }

    boolean sent() {
        return index >= 0;
    }

    /** Sends the block's start with the next client index. */
    void start(IntSupplier nextIndex, List<StreamEvent> out) {
        index = nextIndex.getAsInt();
        switch (start) {
            case ContentBlock.ToolUse u -> hasInput = !u.input().isEmpty();
            case ContentBlock.Thinking t -> signed = !t.signature().isEmpty();
            default -> {
                // nothing to track
            }
        }
        out.add(new StreamEvent.BlockStart(index, start));
    }

    /** Sends a delta that fits the block; a waiting block starts with its first text, its citations first. */
    void delta(Delta delta, IntSupplier nextIndex, List<StreamEvent> out) {
        if (index < 0) {
            if (delta instanceof Delta.CitationsDelta) {
                heldCitations.add(delta);
                return;
            }
            if (delta instanceof Delta.TextDelta t && t.text().isEmpty()) {
                return; // still nothing to show
            }
            start(nextIndex, out);
            for (Delta c : heldCitations) {
                out.add(new StreamEvent.BlockDelta(index, c));
            }
            heldCitations.clear();
        }
        switch (delta) {
            case Delta.SignatureDelta s -> signed = true;
            case Delta.InputJsonDelta j -> hasInput |= !j.partialJson().isEmpty();
            default -> {
                // nothing to track
            }
        }
        out.add(new StreamEvent.BlockDelta(index, delta));
    }

    /**
     * Stops the block, completing what it lacks first; a block that never started sends nothing.
     *
     * @return the completion it needed, or null
     */
    Delta stop(List<StreamEvent> out) {
        if (index < 0) {
            return null;
        }
        Delta missing = StreamBuilder.missingEnding(start, signed, hasInput);
        if (missing != null) {
            out.add(new StreamEvent.BlockDelta(index, missing));
        }
        out.add(new StreamEvent.BlockStop(index));
        return missing;
    }
}
