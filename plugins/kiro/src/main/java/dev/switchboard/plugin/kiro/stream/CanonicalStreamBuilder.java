package dev.switchboard.plugin.kiro.stream;

import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.SignatureOrigin;
import dev.switchboard.spi.model.StopReason;
import dev.switchboard.spi.model.Usage;
import dev.switchboard.spi.stream.Delta;
import dev.switchboard.spi.stream.StreamEvent;
import jakarta.json.JsonValue;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The canonical block grammar, fed with already-decoded Kiro content: it holds
 * {@code MessageStart} until the first content, opens and closes text / thinking / tool blocks with rising indices,
 * drops frames for a tool call already closed, and ends the message with usage and a stop reason — or with a
 * {@code StreamError} after closing the open block. Per response; state in fields; not thread-safe.
 */
final class CanonicalStreamBuilder {
    /**
     * Kiro's reasoning signatures: only Kiro can verify them (Claude's own API rejects them), so they never go to
     * another upstream after a failover.
     */
    static final SignatureOrigin KIRO = new SignatureOrigin("kiro", SignatureOrigin.THINKING_SIGNATURE);

    private enum Open { NONE, TEXT, THINKING, TOOL }

    private final String messageId;
    private final String model;
    private final Logger log;

    private Open open = Open.NONE;
    private int openIndex = -1;
    private int nextIndex;
    private String openToolId;
    private final StringBuilder openToolInput = new StringBuilder();
    private final Set<String> closedToolIds = new HashSet<>();
    private boolean started;
    private boolean finished;
    private boolean sawContent;
    private boolean sawTool;

    CanonicalStreamBuilder(String messageId, String model, Logger log) {
        this.messageId = messageId;
        this.model = model;
        this.log = log;
    }

    boolean finished() {
        return finished;
    }

    boolean sawContent() {
        return sawContent;
    }

    boolean sawTool() {
        return sawTool;
    }

    /** A non-empty text delta. */
    void text(String text, Usage startUsage, List<StreamEvent> out) {
        if (text.isEmpty()) {
            return;
        }
        begin(startUsage, out);
        if (open != Open.TEXT) {
            closeOpen(out);
            openBlock(Open.TEXT, new ContentBlock.Text(""), out);
        }
        out.add(new StreamEvent.BlockDelta(openIndex, new Delta.TextDelta(text)));
    }

    /** A reasoning delta. */
    void thinking(String text, Usage startUsage, List<StreamEvent> out) {
        if (text.isEmpty()) {
            return;
        }
        begin(startUsage, out);
        if (open != Open.THINKING) {
            closeOpen(out);
            openBlock(Open.THINKING, new ContentBlock.Thinking("", ""), out);
        }
        out.add(new StreamEvent.BlockDelta(openIndex, new Delta.ThinkingDelta(text)));
    }

    /** The reasoning's signature: it ends the thinking block. */
    void signature(String signature, Usage startUsage, List<StreamEvent> out) {
        begin(startUsage, out);
        if (open != Open.THINKING) {
            closeOpen(out);
            openBlock(Open.THINKING, new ContentBlock.Thinking("", ""), out);
        }
        out.add(new StreamEvent.BlockDelta(openIndex, new Delta.SignatureDelta(signature, KIRO)));
        closeOpen(out);
    }

    /** Encrypted reasoning: a complete block of its own. */
    void redactedThinking(String data, Usage startUsage, List<StreamEvent> out) {
        begin(startUsage, out);
        closeOpen(out);
        int index = nextIndex++;
        out.add(new StreamEvent.BlockStart(index, new ContentBlock.RedactedThinking(data,
                KIRO.withType(SignatureOrigin.REDACTED_THINKING))));
        out.add(new StreamEvent.BlockStop(index));
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
    String tool(String id, String name, String input, boolean stop, Usage startUsage, List<StreamEvent> out) {
        if (closedToolIds.contains(id)) {
            log.warning(() -> "dropped a toolUseEvent for tool call " + id + ", which was already closed");
            return null;
        }
        if (open != Open.TOOL || !id.equals(openToolId)) {
            begin(startUsage, out);
            closeOpen(out);
            openBlock(Open.TOOL, new ContentBlock.ToolUse(id, name == null ? "" : name, JsonValue.EMPTY_JSON_OBJECT), out);
            openToolId = id;
            openToolInput.setLength(0);
            sawTool = true;
        }
        String emitted = null;
        if (input != null && !input.isEmpty()) {
            out.add(new StreamEvent.BlockDelta(openIndex, new Delta.InputJsonDelta(input)));
            openToolInput.append(input);
            emitted = input;
        }
        if (stop) {
            closeOpen(out);
        }
        return emitted;
    }

    /** Ends the message normally: closes the open block, then the final usage and stop reason. */
    void finish(StopReason stopReason, Usage usage, Usage startUsage, List<StreamEvent> out) {
        begin(startUsage, out);
        closeOpen(out);
        out.add(new StreamEvent.MessageDelta(stopReason, null, usage));
        out.add(new StreamEvent.MessageStop());
        finished = true;
    }

    /** Ends the message with an error; before any content it is the attempt's failure (no MessageStart). */
    void fail(ErrorKind kind, String message, List<StreamEvent> out) {
        closeOpen(out);
        out.add(new StreamEvent.StreamError(kind, message));
        finished = true;
    }

    private void begin(Usage startUsage, List<StreamEvent> out) {
        sawContent = true;
        if (!started) {
            out.add(new StreamEvent.MessageStart(messageId, model, startUsage));
            started = true;
        }
    }

    private void openBlock(Open kind, ContentBlock block, List<StreamEvent> out) {
        open = kind;
        openIndex = nextIndex++;
        out.add(new StreamEvent.BlockStart(openIndex, block));
    }

    private void closeOpen(List<StreamEvent> out) {
        if (open == Open.NONE) {
            return;
        }
        if (open == Open.TOOL) {
            if (openToolInput.isEmpty()) {
                // A call without arguments still needs a JSON object for its input.
                out.add(new StreamEvent.BlockDelta(openIndex, new Delta.InputJsonDelta("{}")));
            } else if (Jsons.tryParseObject(openToolInput.toString()).isEmpty()) {
                String id = openToolId;
                log.warning(() -> "the input of tool call " + id + " is not a JSON object; it folds to {}");
            }
            closedToolIds.add(openToolId);
            openToolId = null;
            openToolInput.setLength(0);
        }
        out.add(new StreamEvent.BlockStop(openIndex));
        open = Open.NONE;
    }
}
