package dev.switchboard.plugin.kiro;

import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.CacheControl;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.MediaSource;
import dev.switchboard.spi.model.Message;
import dev.switchboard.spi.model.Role;
import dev.switchboard.spi.model.ThinkingConfig;
import dev.switchboard.spi.model.Tool;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-only: builds a canonical {@link ChatRequest} from an Anthropic Messages body (the Claude Code captures),
 * mapping just the fields the Kiro conversion uses. The kernel's real Anthropic reader is written elsewhere; this
 * stand-in keeps the plugin's tests independent of it. Stateless.
 */
public final class AnthropicTestReader {
    private AnthropicTestReader() {
    }

    public static ChatRequest read(JsonObject body) {
        ChatRequest.Builder b = ChatRequest.builder(body.getString("model"));
        JsonValue system = body.get("system");
        if (system instanceof JsonString s) {
            b.addSystem(new ContentBlock.Text(s.getString()));
        } else if (system != null && system.getValueType() == JsonValue.ValueType.ARRAY) {
            for (JsonValue v : system.asJsonArray()) {
                JsonObject o = v.asJsonObject();
                b.addSystem(new ContentBlock.Text(o.getString("text"), cache(o)));
            }
        }
        for (JsonValue v : body.getJsonArray("messages")) {
            JsonObject m = v.asJsonObject();
            b.addMessage(new Message(Role.fromWire(m.getString("role")), blocks(m.get("content"))));
        }
        JsonArray tools = Jsons.arr(body, "tools");
        if (tools != null) {
            for (JsonValue v : tools) {
                JsonObject t = v.asJsonObject();
                b.addTool(new Tool(t.getString("name"), Jsons.str(t, "description"),
                        Jsons.obj(t, "input_schema") == null ? JsonValue.EMPTY_JSON_OBJECT : t.getJsonObject("input_schema"),
                        cache(t), Jsons.bool(t, "defer_loading"), Jsons.str(t, "type"), null));
            }
        }
        JsonObject metadata = Jsons.obj(body, "metadata");
        if (metadata != null) {
            b.userId(Jsons.str(metadata, "user_id"));
        }
        JsonObject thinking = Jsons.obj(body, "thinking");
        if (thinking != null) {
            b.thinking(new ThinkingConfig(ThinkingConfig.Mode.fromWire(thinking.getString("type")),
                    Jsons.integer(thinking, "budget_tokens"), Jsons.str(thinking, "display")));
        }
        JsonObject output = Jsons.obj(body, "output_config");
        if (output != null) {
            b.effort(Jsons.str(output, "effort"));
        }
        return b.maxTokens(Jsons.integer(body, "max_tokens")).stream(Jsons.bool(body, "stream")).build();
    }

    static List<ContentBlock> blocks(JsonValue content) {
        List<ContentBlock> out = new ArrayList<>();
        if (content instanceof JsonString s) {
            out.add(new ContentBlock.Text(s.getString()));
            return out;
        }
        if (content == null || content.getValueType() != JsonValue.ValueType.ARRAY) {
            return out;
        }
        for (JsonValue v : content.asJsonArray()) {
            JsonObject o = v.asJsonObject();
            out.add(switch (o.getString("type")) {
                case "text" -> new ContentBlock.Text(o.getString("text"), cache(o));
                case "image" -> new ContentBlock.Image(source(o.getJsonObject("source")), cache(o));
                case "document" -> new ContentBlock.Document(source(o.getJsonObject("source")), Jsons.str(o, "title"),
                        Jsons.str(o, "context"), cache(o));
                case "tool_use" -> new ContentBlock.ToolUse(o.getString("id"), o.getString("name"),
                        o.getJsonObject("input"), cache(o));
                case "tool_result" -> new ContentBlock.ToolResult(o.getString("tool_use_id"), blocks(o.get("content")),
                        Jsons.bool(o, "is_error"), cache(o));
                case "thinking" -> new ContentBlock.Thinking(o.getString("thinking"), Jsons.str(o, "signature"));
                case "redacted_thinking" -> new ContentBlock.RedactedThinking(o.getString("data"));
                default -> new ContentBlock.Opaque(o);
            });
        }
        return out;
    }

    private static MediaSource source(JsonObject s) {
        return switch (s.getString("type")) {
            case "base64" -> MediaSource.base64(s.getString("media_type"), s.getString("data"));
            case "url" -> MediaSource.url(s.getString("url"));
            case "text" -> MediaSource.text(s.getString("data"));
            default -> MediaSource.file(Jsons.str(s, "file_id"));
        };
    }

    private static CacheControl cache(JsonObject o) {
        JsonObject c = Jsons.obj(o, "cache_control");
        return c == null ? null : new CacheControl(Jsons.str(c, "type"), Jsons.str(c, "ttl"));
    }
}
