package dev.switchboard.plugin.kiro.convert;

import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.MediaSource;
import dev.switchboard.spi.model.Message;
import dev.switchboard.spi.model.Role;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * Reads canonical messages into {@link Turn}s of native Kiro parts. User text → content, base64
 * PNG/JPEG/GIF/WebP images → {@code images}, tool results → {@code toolResults}; assistant text → content, tool
 * calls → {@code toolUses}; thinking per {@code thinking-mode}; text documents → text. Anything Kiro cannot carry
 * (URL images, PDFs, server-tool blocks) is a 400 before any upstream call. One per conversion; not thread-safe.
 */
final class MessageReader {
    /** Results with no output still need a non-empty text for Kiro. */
    static final String EMPTY_RESULT = "(no output)";

    private final ToolNames toolNames;
    private final boolean resendThinking;
    private final Logger log;

    MessageReader(ToolNames toolNames, boolean resendThinking, Logger log) {
        this.toolNames = toolNames;
        this.resendThinking = resendThinking;
        this.log = log;
    }

    List<Turn> read(List<Message> messages) throws GatewayException {
        List<Turn> turns = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            turns.add(read(messages.get(i), i));
        }
        return turns;
    }

    private Turn read(Message m, int index) throws GatewayException {
        boolean assistant = m.role() == Role.ASSISTANT;
        Turn turn = new Turn(assistant ? Turn.Speaker.ASSISTANT : Turn.Speaker.USER);
        for (ContentBlock b : m.content()) {
            String where = "messages[" + index + "]";
            switch (b) {
                case ContentBlock.Text t -> turn.texts.add(t.text());
                case ContentBlock.Image img -> {
                    if (assistant) {
                        throw GatewayException.invalid(where, "Kiro does not accept images in assistant messages");
                    }
                    turn.images.add(image(img.source(), where));
                }
                case ContentBlock.Document d -> turn.texts.add(documentText(d, where));
                case ContentBlock.ToolUse u -> {
                    if (!assistant) {
                        throw GatewayException.invalid(where, "tool_use blocks belong to assistant messages");
                    }
                    turn.toolUses.add(new Turn.ToolUse(u.id(), toolNames.toKiro(u.name()), u.input()));
                }
                case ContentBlock.ToolResult r -> {
                    if (assistant) {
                        throw GatewayException.invalid(where, "tool_result blocks belong to user messages");
                    }
                    turn.toolResults.add(toolResult(r, turn, where));
                }
                case ContentBlock.Thinking t -> {
                    if (assistant && resendThinking && !t.thinking().isEmpty()) {
                        turn.thinking.append(t.thinking());
                    }
                }
                case ContentBlock.RedactedThinking r ->
                        log.fine(() -> "dropped a redacted_thinking block of " + where + ": Kiro cannot take it back");
                case ContentBlock.Opaque o -> throw GatewayException.invalid(where,
                        "content block type '" + o.type() + "' is not supported by the Kiro upstream");
            }
        }
        return turn;
    }

    private Turn.ToolResult toolResult(ContentBlock.ToolResult r, Turn turn, String where) throws GatewayException {
        StringBuilder text = new StringBuilder();
        for (ContentBlock c : r.content()) {
            switch (c) {
                case ContentBlock.Text t -> append(text, t.text());
                case ContentBlock.Document d -> append(text, documentText(d, where));
                // Kiro tool results carry text only: an image a tool returned travels with the user turn instead.
                case ContentBlock.Image img -> {
                    turn.images.add(image(img.source(), where));
                    log.fine(() -> "moved an image of tool result " + r.toolUseId() + " to the user turn's images");
                }
                default -> {
                    String type = c.type();
                    log.warning(() -> "dropped a '" + type + "' block inside tool result " + r.toolUseId()
                            + ": Kiro tool results carry text only");
                }
            }
        }
        return new Turn.ToolResult(r.toolUseId(), text.isEmpty() ? EMPTY_RESULT : text.toString(), r.isError());
    }

    private static void append(StringBuilder sb, String s) {
        if (!sb.isEmpty()) {
            sb.append('\n');
        }
        sb.append(s);
    }

    private static String documentText(ContentBlock.Document d, String where) throws GatewayException {
        if (d.source().kind() != MediaSource.Kind.TEXT) {
            throw GatewayException.invalid(where, "Kiro accepts text documents only, not "
                    + (d.source().mediaType() == null ? d.source().kind().name().toLowerCase(Locale.ROOT)
                    : d.source().mediaType()) + " documents");
        }
        return d.title() == null || d.title().isBlank() ? d.source().data() : d.title() + "\n" + d.source().data();
    }

    /** {@code {"format":"png","source":{"bytes":"<base64>"}}} for the four formats Kiro takes. */
    static JsonObject image(MediaSource src, String where) throws GatewayException {
        if (src.kind() != MediaSource.Kind.BASE64) {
            throw GatewayException.invalid(where, "Kiro accepts inline base64 images only, not image "
                    + src.kind().name().toLowerCase(Locale.ROOT) + " references");
        }
        String type = src.mediaType() == null ? "" : src.mediaType().toLowerCase(Locale.ROOT);
        String format = switch (type) {
            case "image/png" -> "png";
            case "image/jpeg", "image/jpg" -> "jpeg";
            case "image/gif" -> "gif";
            case "image/webp" -> "webp";
            default -> throw GatewayException.invalid(where, "image type '" + src.mediaType()
                    + "' is not supported by Kiro (png, jpeg, gif, webp)");
        };
        return Jsons.objectBuilder().add("format", format)
                .add("source", Jsons.objectBuilder().add("bytes", src.data())).build();
    }
}
