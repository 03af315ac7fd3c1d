package dev.switchboard.wire.anthropic;

import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.CacheControl;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.MediaSource;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;

/**
 * Canonical {@link ContentBlock}s → Anthropic content-block JSON. Shared by the request writer, the
 * unary response writer and the stream writer. Stateless.
 */
public final class AnthropicBlockWriter {
    private AnthropicBlockWriter() {
    }

    /** One block in Anthropic's shape; an {@link ContentBlock.Opaque} block is its original JSON. */
    public static JsonObject write(ContentBlock block) {
        return switch (block) {
            case ContentBlock.Text t -> {
                JsonObjectBuilder b = Jsons.objectBuilder().add("type", "text").add("text", t.text());
                if (t.citations() != null) {
                    b.add("citations", t.citations());
                }
                yield withCacheControl(b, t.cacheControl());
            }
            case ContentBlock.Image i -> withCacheControl(Jsons.objectBuilder()
                    .add("type", "image").add("source", source(i.source())), i.cacheControl());
            case ContentBlock.Document d -> {
                JsonObjectBuilder b = Jsons.objectBuilder().add("type", "document").add("source", source(d.source()));
                if (d.title() != null) {
                    b.add("title", d.title());
                }
                if (d.context() != null) {
                    b.add("context", d.context());
                }
                if (d.citations() != null) {
                    b.add("citations", d.citations());
                }
                yield withCacheControl(b, d.cacheControl());
            }
            case ContentBlock.ToolUse u -> withCacheControl(Jsons.objectBuilder()
                    .add("type", "tool_use").add("id", u.id()).add("name", u.name()).add("input", u.input()), u.cacheControl());
            case ContentBlock.ToolResult r -> toolResult(r);
            case ContentBlock.Thinking t -> Jsons.objectBuilder()
                    .add("type", "thinking").add("thinking", t.thinking()).add("signature", t.signature()).build();
            case ContentBlock.RedactedThinking r -> Jsons.objectBuilder()
                    .add("type", "redacted_thinking").add("data", r.data() == null ? "" : r.data()).build();
            case ContentBlock.Opaque o -> o.raw();
        };
    }

    /** Blocks as a JSON array, skipping empty text blocks (Anthropic rejects an empty text block). */
    public static JsonArrayBuilder writeAll(List<? extends ContentBlock> blocks) {
        JsonArrayBuilder a = Jsons.arrayBuilder();
        for (ContentBlock b : blocks) {
            if (!isEmptyText(b)) {
                a.add(write(b));
            }
        }
        return a;
    }

    /**
     * A {@code content} value: the plain string when the blocks are one text block without cache
     * control or citations (the form clients send most often and the reader folds into a text block),
     * otherwise the array of blocks.
     */
    static JsonValue content(List<? extends ContentBlock> blocks) {
        if (blocks.size() == 1 && blocks.get(0) instanceof ContentBlock.Text t && isPlain(t)) {
            return Jsons.value(t.text());
        }
        return writeAll(blocks).build();
    }

    static boolean isEmptyText(ContentBlock b) {
        return b instanceof ContentBlock.Text t && t.text().isEmpty();
    }

    static JsonObject cacheControl(CacheControl cc) {
        JsonObjectBuilder b = Jsons.objectBuilder().add("type", cc.type() == null ? "ephemeral" : cc.type());
        if (cc.ttl() != null) {
            b.add("ttl", cc.ttl());
        }
        return b.build();
    }

    private static boolean isPlain(ContentBlock.Text t) {
        return t.cacheControl() == null && t.citations() == null;
    }

    private static JsonObject toolResult(ContentBlock.ToolResult r) {
        JsonObjectBuilder b = Jsons.objectBuilder().add("type", "tool_result").add("tool_use_id", r.toolUseId());
        List<ContentBlock> content = r.content();
        if (content.size() == 1 && content.get(0) instanceof ContentBlock.Text t && isPlain(t)) {
            // A single plain text (including "") is what a string result was; keep it a string.
            b.add("content", t.text());
        } else {
            List<ContentBlock> kept = new ArrayList<>(content.size());
            for (ContentBlock c : content) {
                if (!isEmptyText(c)) {
                    kept.add(c);
                }
            }
            if (!kept.isEmpty()) {
                b.add("content", writeAll(kept));
            }
        }
        if (r.isError()) {
            b.add("is_error", true);
        }
        return withCacheControl(b, r.cacheControl());
    }

    private static JsonObject source(MediaSource s) {
        JsonObjectBuilder b = Jsons.objectBuilder();
        switch (s.kind()) {
            case BASE64 -> b.add("type", "base64").add("media_type", s.mediaType() == null ? "image/jpeg" : s.mediaType())
                    .add("data", s.data() == null ? "" : s.data());
            case TEXT -> b.add("type", "text").add("media_type", s.mediaType() == null ? "text/plain" : s.mediaType())
                    .add("data", s.data() == null ? "" : s.data());
            case URL -> b.add("type", "url").add("url", s.url() == null ? "" : s.url());
            case FILE -> b.add("type", "file").add("file_id", s.url() == null ? "" : s.url());
        }
        return b.build();
    }

    private static JsonObject withCacheControl(JsonObjectBuilder b, CacheControl cc) {
        if (cc != null) {
            b.add("cache_control", cacheControl(cc));
        }
        return b.build();
    }
}
