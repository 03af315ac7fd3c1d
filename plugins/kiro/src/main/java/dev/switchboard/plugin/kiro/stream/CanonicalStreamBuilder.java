package dev.switchboard.plugin.kiro.stream;

import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.SignatureOrigin;
import dev.switchboard.spi.model.StopReason;
import dev.switchboard.spi.model.Usage;
import dev.switchboard.spi.stream.StreamBuilder;
import dev.switchboard.spi.stream.StreamEvent;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Kiro's layer over the SPI's {@link StreamBuilder}, which owns the grammar (the held {@code MessageStart}, block
 * indices, a tool call's {@code {}}, the stop reason): this class adds only what is Kiro's — its signature origin,
 * frames for a tool call already closed (dropped), and the fragments it emitted for output counting. Per response;
 * state in fields; not thread-safe.
 */
final class CanonicalStreamBuilder {
    /**
     * Kiro's reasoning signatures: only Kiro can verify them (Claude's own API rejects them), so they never go to
     * another upstream after a failover.
     */
    static final SignatureOrigin KIRO = new SignatureOrigin("kiro", SignatureOrigin.THINKING_SIGNATURE);

    private final StreamBuilder grammar = new StreamBuilder();
    private final Logger log;
    private final Set<String> closedToolIds = new HashSet<>();
    private String openToolId;

    /** The {@code MessageStart} (with the estimated input usage) waits for the first content. */
    CanonicalStreamBuilder(String messageId, String model, Usage startUsage, Logger log) {
        this.log = log;
        grammar.startLater(messageId, model, startUsage);
    }

    boolean finished() {
        return grammar.ended();
    }

    boolean sawContent() {
        return grammar.started();
    }

    /** A text delta; empty text adds nothing. */
    void text(String text, List<StreamEvent> out) {
        if (text.isEmpty()) {
            return; // no block, so an open tool call stays open
        }
        toolClosedBy(StreamBuilder.Kind.TEXT);
        grammar.text(null, text);
        out.addAll(grammar.drain());
    }

    /** A reasoning delta. */
    void thinking(String text, List<StreamEvent> out) {
        if (text.isEmpty()) {
            return; // no block, so an open tool call stays open
        }
        toolClosedBy(StreamBuilder.Kind.THINKING);
        grammar.thinking(null, text);
        out.addAll(grammar.drain());
    }

    /** The reasoning's signature: it ends the thinking block. */
    void signature(String signature, List<StreamEvent> out) {
        toolClosedBy(StreamBuilder.Kind.THINKING);
        grammar.signature(signature, KIRO);
        out.addAll(grammar.drain());
    }

    /** Encrypted reasoning: a complete block of its own. */
    void redactedThinking(String data, List<StreamEvent> out) {
        toolClosedBy(null);
        grammar.block(new ContentBlock.RedactedThinking(data, KIRO.withType(SignatureOrigin.REDACTED_THINKING)));
        out.addAll(grammar.drain());
    }

    /**
     * One {@code toolUseEvent}.
     *
     * @param id    {@code toolUseId}, verbatim
     * @param name  the client's tool name
     * @param input a partial-JSON fragment, or null/empty
     * @param stop  whether this frame closes the call
     * @return the input fragment actually emitted (for output counting), or null
     */
    String tool(String id, String name, String input, boolean stop, List<StreamEvent> out) {
        if (closedToolIds.contains(id)) {
            log.warning(() -> "dropped a toolUseEvent for tool call " + id + ", which was already closed");
            return null;
        }
        if (!id.equals(openToolId)) {
            toolClosedBy(null);
            grammar.toolStart(id, id, name);
            openToolId = id;
        }
        grammar.toolInput(id, input);
        String emitted = input == null || input.isEmpty() ? null : input;
        if (stop) {
            grammar.close(id);
            toolClosedBy(null);
        }
        out.addAll(grammar.drain());
        return emitted;
    }

    /** Ends the message normally; a null stop reason is inferred from the blocks. */
    void finish(StopReason stopReason, Usage usage, List<StreamEvent> out) {
        toolClosedBy(null);
        grammar.finish(stopReason, usage);
        out.addAll(grammar.drain());
    }

    /** Ends the message with an error; before any content it is the attempt's failure (no MessageStart). */
    void fail(ErrorKind kind, String message, List<StreamEvent> out) {
        toolClosedBy(null);
        grammar.error(kind, message);
        out.addAll(grammar.drain());
    }

    /** The open tool call ends when another kind of block (or none, for null) follows: later frames for it drop. */
    private void toolClosedBy(StreamBuilder.Kind next) {
        if (openToolId != null && next != StreamBuilder.Kind.TOOL) {
            closedToolIds.add(openToolId);
            openToolId = null;
        }
    }
}
