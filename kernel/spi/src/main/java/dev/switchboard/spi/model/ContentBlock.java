package dev.switchboard.spi.model;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Objects;

/**
 * One block of message content. The set mirrors Anthropic's content blocks; anything the gateway
 * does not model (server-tool blocks, search results) travels as {@link Opaque} so an Anthropic
 * upstream still receives it unchanged.
 */
public sealed interface ContentBlock {

    /** The block's wire type name ({@code text}, {@code tool_use}, ...). */
    String type();

    /** Cache marker, or null. Only some blocks can carry one on the wire. */
    default CacheControl cacheControl() {
        return null;
    }

    /**
     * Plain text. {@code citations} is the block's citation array, kept verbatim (null when absent); it is
     * an array because that is its shape on the Anthropic wire.
     */
    record Text(String text, CacheControl cacheControl, JsonArray citations) implements ContentBlock {
        public Text {
            Objects.requireNonNull(text, "text");
        }

        public Text(String text) {
            this(text, null, null);
        }

        public Text(String text, CacheControl cacheControl) {
            this(text, cacheControl, null);
        }

        @Override
        public String type() {
            return "text";
        }
    }

    /** An image given inline (base64) or by URL. */
    record Image(MediaSource source, CacheControl cacheControl) implements ContentBlock {
        public Image {
            Objects.requireNonNull(source, "source");
        }

        @Override
        public String type() {
            return "image";
        }
    }

    /**
     * A document (PDF as base64, plain text, or URL) with optional title and context. {@code citations}
     * is Anthropic's citation setting ({@code {"enabled":true}}), kept verbatim, or null.
     */
    record Document(MediaSource source, String title, String context, CacheControl cacheControl,
                    JsonObject citations) implements ContentBlock {
        public Document {
            Objects.requireNonNull(source, "source");
        }

        public Document(MediaSource source, String title, String context, CacheControl cacheControl) {
            this(source, title, context, cacheControl, null);
        }

        @Override
        public String type() {
            return "document";
        }
    }

    /** A call of a client-defined tool by the assistant. {@code input} is always a JSON object. */
    record ToolUse(String id, String name, JsonObject input, CacheControl cacheControl) implements ContentBlock {
        public ToolUse {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(input, "input");
        }

        public ToolUse(String id, String name, JsonObject input) {
            this(id, name, input, null);
        }

        @Override
        public String type() {
            return "tool_use";
        }
    }

    /**
     * The result of a tool call, sent by the user. {@code content} holds text and image blocks; a
     * string result becomes one text block, a missing result an empty list.
     */
    record ToolResult(String toolUseId, List<ContentBlock> content, boolean isError, CacheControl cacheControl)
            implements ContentBlock {
        public ToolResult {
            Objects.requireNonNull(toolUseId, "toolUseId");
            content = List.copyOf(content);
        }

        @Override
        public String type() {
            return "tool_result";
        }

        /** The text parts joined with {@code "\n"} (images ignored). */
        public String joinedText() {
            StringBuilder sb = new StringBuilder();
            for (ContentBlock b : content) {
                if (b instanceof Text t) {
                    if (!sb.isEmpty()) {
                        sb.append('\n');
                    }
                    sb.append(t.text());
                }
            }
            return sb.toString();
        }
    }

    /**
     * Model reasoning. {@code signature} is the provider's opaque proof ({@code ""} when the upstream
     * gave none); it is never fabricated. {@code origin} says who issued it, so writers send it only to an
     * upstream that can verify it ({@code dev.switchboard.wire.ThinkingSignatures}); null when unknown
     * (a block built in code, or without a signature).
     */
    record Thinking(String thinking, String signature, SignatureOrigin origin) implements ContentBlock {
        public Thinking {
            Objects.requireNonNull(thinking, "thinking");
            signature = signature == null ? "" : signature;
            origin = signature.isEmpty() ? null : origin;
        }

        /** A block whose signature's issuer is unknown. */
        public Thinking(String thinking, String signature) {
            this(thinking, signature, null);
        }

        @Override
        public String type() {
            return "thinking";
        }
    }

    /**
     * Reasoning the provider encrypted; only meaningful to the provider that produced it ({@code origin}, or null
     * when unknown).
     */
    record RedactedThinking(String data, SignatureOrigin origin) implements ContentBlock {
        public RedactedThinking(String data) {
            this(data, null);
        }

        @Override
        public String type() {
            return "redacted_thinking";
        }
    }

    /** A block the canonical model does not interpret, kept verbatim (it includes its {@code type}). */
    record Opaque(JsonObject raw) implements ContentBlock {
        public Opaque {
            Objects.requireNonNull(raw, "raw");
        }

        @Override
        public String type() {
            return raw.getString("type", "unknown");
        }
    }
}
