package dev.switchboard.wire.anthropic;

import static dev.switchboard.wire.anthropic.JsonFields.asObject;
import static dev.switchboard.wire.anthropic.JsonFields.index;
import static dev.switchboard.wire.anthropic.JsonFields.invalid;
import static dev.switchboard.wire.anthropic.JsonFields.optArray;
import static dev.switchboard.wire.anthropic.JsonFields.optBool;
import static dev.switchboard.wire.anthropic.JsonFields.optCacheControl;
import static dev.switchboard.wire.anthropic.JsonFields.optObject;
import static dev.switchboard.wire.anthropic.JsonFields.optString;
import static dev.switchboard.wire.anthropic.JsonFields.path;
import static dev.switchboard.wire.anthropic.JsonFields.present;
import static dev.switchboard.wire.anthropic.JsonFields.requireNonEmpty;
import static dev.switchboard.wire.anthropic.JsonFields.requireObject;
import static dev.switchboard.wire.anthropic.JsonFields.requireString;

import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.model.CacheControl;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.MediaSource;
import dev.switchboard.spi.model.SignatureOrigin;
import dev.switchboard.wire.ThinkingSignatures;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;

/**
 * Anthropic content blocks (JSON) → canonical {@link ContentBlock}s. Shared by the client request
 * reader and the upstream response decoder. Block types the canonical model does not interpret, and
 * modelled types whose media source it cannot represent, become {@link ContentBlock.Opaque} with the
 * original JSON, so an Anthropic upstream still receives them unchanged. Thinking and redacted thinking get
 * their {@link Signatures issuer}. Stateless.
 */
public final class AnthropicBlockReader {
    private AnthropicBlockReader() {
    }

    /**
     * Who issued the signatures being read.
     *
     * @param origin     the issuer of signatures that say nothing else
     * @param fromClient the blocks come from a client's history, where a wrapped signature names another issuer
     *                   ({@link ThinkingSignatures})
     */
    public record Signatures(SignatureOrigin origin, boolean fromClient) {
        /** A client's history: Anthropic's own signatures unless wrapped. */
        public static final Signatures CLIENT = new Signatures(SignatureOrigin.ANTHROPIC, true);

        static Signatures upstream(SignatureOrigin origin) {
            return new Signatures(origin, false);
        }

        ContentBlock.Thinking thinking(String text, String signature) {
            return fromClient ? ThinkingSignatures.fromClient(text, signature, origin)
                    : new ContentBlock.Thinking(text, signature, origin);
        }

        ContentBlock.RedactedThinking redacted(String data) {
            SignatureOrigin redacted = origin.withType(SignatureOrigin.REDACTED_THINKING);
            return fromClient ? ThinkingSignatures.redactedFromClient(data, redacted)
                    : new ContentBlock.RedactedThinking(data, redacted);
        }
    }

    /**
     * A message's {@code content}: a string becomes one text block, an array its blocks in order.
     *
     * @param param the field's path for error messages ({@code messages[2].content})
     */
    public static List<ContentBlock> readContent(JsonValue content, String param, Signatures sig) throws GatewayException {
        if (content == null || content.getValueType() == JsonValue.ValueType.NULL) {
            throw invalid(param, "field required");
        }
        if (content instanceof JsonString s) {
            return List.of(new ContentBlock.Text(s.getString()));
        }
        if (content.getValueType() != JsonValue.ValueType.ARRAY) {
            throw invalid(param, "expected a string or an array of content blocks, got " + JsonFields.typeName(content));
        }
        return readBlocks(content.asJsonArray(), param, sig);
    }

    static List<ContentBlock> readBlocks(JsonArray blocks, String param, Signatures sig) throws GatewayException {
        List<ContentBlock> out = new ArrayList<>(blocks.size());
        for (int i = 0; i < blocks.size(); i++) {
            out.add(read(blocks.get(i), index(param, i), sig));
        }
        return out;
    }

    /** One content block. */
    static ContentBlock read(JsonValue value, String param, Signatures sig) throws GatewayException {
        JsonObject b = asObject(value, param);
        String type = requireNonEmpty(b, "type", param);
        return switch (type) {
            case "text" -> readText(b, param);
            case "image" -> readImage(b, param);
            case "document" -> readDocument(b, param);
            case "tool_use" -> new ContentBlock.ToolUse(
                    requireNonEmpty(b, "id", param),
                    requireNonEmpty(b, "name", param),
                    toolInput(b, param),
                    optCacheControl(b, param));
            case "tool_result" -> readToolResult(b, param, sig);
            case "thinking" -> sig.thinking(requireString(b, "thinking", param), optString(b, "signature", param));
            case "redacted_thinking" -> sig.redacted(requireString(b, "data", param));
            default -> new ContentBlock.Opaque(b);
        };
    }

    /** A text block (also used for {@code system} blocks, where only text is allowed). */
    public static ContentBlock.Text readText(JsonObject b, String param) throws GatewayException {
        return new ContentBlock.Text(requireString(b, "text", param), optCacheControl(b, param),
                optArray(b, "citations", param));
    }

    private static JsonObject toolInput(JsonObject b, String param) throws GatewayException {
        // Some clients omit the input of a parameterless call; {} is what it means.
        JsonObject input = optObject(b, "input", param);
        return input == null ? JsonValue.EMPTY_JSON_OBJECT : input;
    }

    private static ContentBlock readImage(JsonObject b, String param) throws GatewayException {
        JsonObject source = requireObject(b, "source", param);
        String sp = path(param, "source");
        MediaSource media = switch (requireNonEmpty(source, "type", sp)) {
            case "base64" -> MediaSource.base64(requireString(source, "media_type", sp), requireString(source, "data", sp));
            case "url" -> MediaSource.url(requireNonEmpty(source, "url", sp));
            case "file" -> MediaSource.file(requireNonEmpty(source, "file_id", sp));
            default -> null;
        };
        return media == null ? new ContentBlock.Opaque(b) : new ContentBlock.Image(media, optCacheControl(b, param));
    }

    private static ContentBlock readDocument(JsonObject b, String param) throws GatewayException {
        JsonObject source = requireObject(b, "source", param);
        String sp = path(param, "source");
        MediaSource media = switch (requireNonEmpty(source, "type", sp)) {
            case "base64" -> MediaSource.base64(requireString(source, "media_type", sp), requireString(source, "data", sp));
            case "text" -> new MediaSource(MediaSource.Kind.TEXT,
                    present(source, "media_type") ? requireString(source, "media_type", sp) : "text/plain",
                    requireString(source, "data", sp), null);
            case "url" -> MediaSource.url(requireNonEmpty(source, "url", sp));
            case "file" -> MediaSource.file(requireNonEmpty(source, "file_id", sp));
            // "content" sources (a list of blocks) and future kinds: keep the whole block verbatim.
            default -> null;
        };
        if (media == null) {
            return new ContentBlock.Opaque(b);
        }
        return new ContentBlock.Document(media, optString(b, "title", param), optString(b, "context", param),
                optCacheControl(b, param), optObject(b, "citations", param));
    }

    private static ContentBlock readToolResult(JsonObject b, String param, Signatures sig) throws GatewayException {
        String toolUseId = requireNonEmpty(b, "tool_use_id", param);
        List<ContentBlock> content;
        if (!present(b, "content")) {
            content = List.of();
        } else {
            content = readContent(b.get("content"), path(param, "content"), sig);
        }
        Boolean isError = optBool(b, "is_error", param);
        CacheControl cc = optCacheControl(b, param);
        return new ContentBlock.ToolResult(toolUseId, content, isError != null && isError, cc);
    }
}
