package dev.switchboard.kernel.dialect.openai;

import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.CacheControl;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.MediaSource;
import dev.switchboard.spi.model.Message;
import dev.switchboard.spi.model.Role;
import dev.switchboard.wire.WireIds;
import dev.switchboard.wire.ToolArguments;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Converts an OpenAI Chat {@code messages[]} array into canonical system blocks and messages. Leading system/developer messages are hoisted into the system blocks, later ones
 * stay as {@link Role#SYSTEM} messages; tool results become user messages; messages left empty are dropped;
 * adjacent messages of one role are merged because Anthropic-style upstreams need alternation.
 *
 * <p>One instance per request (it remembers legacy {@code function_call} ids while reading); not
 * thread-safe.
 */
final class OpenAiChatMessagesReader {
    private static final Logger LOG = Logger.getLogger(OpenAiChatMessagesReader.class.getName());
    /** The user turn put before a conversation that starts with the assistant. */
    static final String CONTINUE = "(continue)";

    /** The converted conversation. */
    record Result(List<ContentBlock.Text> system, List<Message> messages) {
    }

    private record Turn(Role role, List<ContentBlock> blocks) {
    }

    /** Legacy {@code function_call}s carry no id: the {@code role:"function"} answer is matched by name. */
    private final Map<String, String> legacyCallIds = new HashMap<>();

    Result read(JsonArray messages) throws GatewayException {
        List<Turn> turns = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            String p = "messages[" + i + "]";
            JsonObject m = object(messages.get(i), p);
            String role = Jsons.str(m, "role");
            if (role == null) {
                throw GatewayException.invalid(p + ".role", p + ".role is required");
            }
            Turn t = switch (role) {
                case "system", "developer" -> new Turn(Role.SYSTEM, content(m, p, "system"));
                case "user" -> new Turn(Role.USER, content(m, p, "user"));
                case "assistant" -> new Turn(Role.ASSISTANT, assistant(m, p));
                case "tool" -> new Turn(Role.USER, List.of(toolResult(m, p)));
                case "function" -> new Turn(Role.USER, List.of(functionResult(m, p)));
                default -> throw GatewayException.invalid(p + ".role", "unknown role '" + role + "' in " + p);
            };
            if (!t.blocks().isEmpty()) {
                turns.add(t);
            }
        }
        List<ContentBlock.Text> system = new ArrayList<>();
        int first = 0;
        while (first < turns.size() && turns.get(first).role() == Role.SYSTEM) {
            for (ContentBlock b : turns.get(first).blocks()) {
                system.add((ContentBlock.Text) b);
            }
            first++;
        }
        List<Message> out = merge(turns.subList(first, turns.size()));
        if (out.isEmpty()) {
            throw GatewayException.invalid("messages", "messages must contain at least one non-empty user or assistant message");
        }
        if (out.get(0).role() == Role.ASSISTANT) {
            out.add(0, Message.user(CONTINUE));
        }
        return new Result(system, out);
    }

    /** Merges adjacent turns of one role; in a merged user turn, tool results go first (they answer the calls). */
    private static List<Message> merge(List<Turn> turns) {
        List<Message> out = new ArrayList<>(turns.size());
        Role role = null;
        List<ContentBlock> acc = null;
        for (Turn t : turns) {
            if (t.role() == role) {
                acc.addAll(t.blocks());
                continue;
            }
            if (acc != null) {
                out.add(new Message(role, ordered(role, acc)));
            }
            role = t.role();
            acc = new ArrayList<>(t.blocks());
        }
        if (acc != null) {
            out.add(new Message(role, ordered(role, acc)));
        }
        return out;
    }

    private static List<ContentBlock> ordered(Role role, List<ContentBlock> blocks) {
        if (role != Role.USER) {
            return blocks;
        }
        List<ContentBlock> results = new ArrayList<>();
        List<ContentBlock> rest = new ArrayList<>();
        for (ContentBlock b : blocks) {
            (b instanceof ContentBlock.ToolResult ? results : rest).add(b);
        }
        results.addAll(rest);
        return results;
    }

    private List<ContentBlock> assistant(JsonObject m, String p) throws GatewayException {
        List<ContentBlock> blocks = new ArrayList<>();
        // Reasoning replayed by DeepSeek-style clients: a thinking block without a signature (never sent to Anthropic).
        String reasoning = Jsons.str(m, "reasoning_content");
        if (reasoning == null) {
            reasoning = Jsons.str(m, "reasoning");
        }
        if (reasoning != null && !reasoning.isEmpty()) {
            blocks.add(new ContentBlock.Thinking(reasoning, ""));
        }
        blocks.addAll(content(m, p, "assistant"));
        JsonValue calls = m.get("tool_calls");
        if (calls != null && calls.getValueType() != JsonValue.ValueType.NULL) {
            if (calls.getValueType() != JsonValue.ValueType.ARRAY) {
                throw GatewayException.invalid(p + ".tool_calls", p + ".tool_calls must be an array");
            }
            JsonArray arr = calls.asJsonArray();
            for (int j = 0; j < arr.size(); j++) {
                blocks.add(toolCall(arr.get(j), p + ".tool_calls[" + j + "]"));
            }
        }
        JsonObject legacy = Jsons.obj(m, "function_call");
        if (legacy != null) {
            String name = Jsons.str(legacy, "name");
            if (name == null || name.isEmpty()) {
                throw GatewayException.invalid(p + ".function_call.name", p + ".function_call.name is required");
            }
            String id = WireIds.callId();
            legacyCallIds.put(name, id);
            blocks.add(new ContentBlock.ToolUse(id, name, arguments(legacy.get("arguments"), p + ".function_call")));
        }
        return blocks;
    }

    private static ContentBlock.ToolUse toolCall(JsonValue v, String q) throws GatewayException {
        JsonObject o = object(v, q);
        String type = Jsons.str(o, "type");
        if (type != null && !"function".equals(type)) {
            throw GatewayException.invalid(q + ".type", "only function tool calls are supported, got '" + type + "'");
        }
        String id = Jsons.str(o, "id");
        if (id == null || id.isEmpty()) {
            throw GatewayException.invalid(q + ".id", q + ".id is required");
        }
        JsonObject fn = Jsons.obj(o, "function");
        if (fn == null) {
            throw GatewayException.invalid(q + ".function", q + ".function is required");
        }
        String name = Jsons.str(fn, "name");
        if (name == null || name.isEmpty()) {
            throw GatewayException.invalid(q + ".function.name", q + ".function.name is required");
        }
        // The id is sanitised the same way in tool messages, so a call and its result still match.
        return new ContentBlock.ToolUse(WireIds.sanitizeToolId(id, "call_"), name, arguments(fn.get("arguments"), q));
    }

    /** Tool-call arguments by the one tool-argument policy ({@link ToolArguments}): the call is never dropped. */
    static JsonObject arguments(JsonValue v, String q) {
        return ToolArguments.parse(v, q);
    }

    private static ContentBlock.ToolResult toolResult(JsonObject m, String p) throws GatewayException {
        String id = Jsons.str(m, "tool_call_id");
        if (id == null || id.isEmpty()) {
            throw GatewayException.invalid(p + ".tool_call_id", p + ".tool_call_id is required");
        }
        return new ContentBlock.ToolResult(WireIds.sanitizeToolId(id, "call_"), content(m, p, "tool"), false, null);
    }

    private ContentBlock.ToolResult functionResult(JsonObject m, String p) throws GatewayException {
        String name = Jsons.str(m, "name");
        if (name == null || name.isEmpty()) {
            throw GatewayException.invalid(p + ".name", p + ".name is required");
        }
        String id = legacyCallIds.get(name);
        if (id == null) {
            throw GatewayException.invalid(p + ".name", "no earlier assistant function_call named '" + name + "'");
        }
        return new ContentBlock.ToolResult(id, content(m, p, "tool"), false, null);
    }

    /** String or array content as blocks; {@code ""} and null give none. */
    private static List<ContentBlock> content(JsonObject m, String p, String role) throws GatewayException {
        JsonValue c = m.get("content");
        if (c == null || c.getValueType() == JsonValue.ValueType.NULL) {
            return List.of();
        }
        if (c instanceof JsonString s) {
            return s.getString().isEmpty() ? List.of() : List.of(new ContentBlock.Text(s.getString()));
        }
        if (c.getValueType() != JsonValue.ValueType.ARRAY) {
            throw GatewayException.invalid(p + ".content", p + ".content must be a string, an array of content parts or null");
        }
        JsonArray parts = c.asJsonArray();
        List<ContentBlock> out = new ArrayList<>(parts.size());
        for (int j = 0; j < parts.size(); j++) {
            ContentBlock b = part(parts.get(j), p + ".content[" + j + "]", role);
            if (b != null) {
                out.add(b);
            }
        }
        return out;
    }

    private static ContentBlock part(JsonValue v, String p, String role) throws GatewayException {
        JsonObject o = object(v, p);
        String type = Jsons.str(o, "type");
        if (type == null) {
            throw GatewayException.invalid(p + ".type", p + ".type is required");
        }
        CacheControl cc = cacheControl(o);
        boolean media = role.equals("user") || role.equals("tool");
        switch (type) {
            case "text" -> {
                String text = Jsons.str(o, "text");
                if (text == null) {
                    throw GatewayException.invalid(p + ".text", p + ".text must be a string");
                }
                return text.isEmpty() ? null : new ContentBlock.Text(text, cc);
            }
            case "refusal" -> {
                if (!role.equals("assistant")) {
                    throw GatewayException.invalid(p + ".type", "refusal parts are only allowed in assistant messages");
                }
                String text = Jsons.str(o, "refusal");
                if (text == null) {
                    throw GatewayException.invalid(p + ".refusal", p + ".refusal must be a string");
                }
                return text.isEmpty() ? null : new ContentBlock.Text(text, cc);
            }
            case "image_url" -> {
                requireMedia(media, p, role);
                return image(o, p, cc);
            }
            case "file" -> {
                requireMedia(media, p, role);
                return file(o, p, cc);
            }
            case "input_audio" -> throw GatewayException.invalid(p + ".type", "audio input is not supported");
            default -> throw GatewayException.invalid(p + ".type", "unsupported content part type '" + type + "'");
        }
    }

    private static void requireMedia(boolean media, String p, String role) throws GatewayException {
        if (!media) {
            throw GatewayException.invalid(p + ".type", "images and files are not allowed in " + role + " messages");
        }
    }

    private static ContentBlock image(JsonObject o, String p, CacheControl cc) throws GatewayException {
        JsonValue iu = o.get("image_url");
        String url = iu instanceof JsonString s ? s.getString()
                : iu != null && iu.getValueType() == JsonValue.ValueType.OBJECT ? Jsons.str(iu.asJsonObject(), "url") : null;
        if (url == null || url.isBlank()) {
            throw GatewayException.invalid(p + ".image_url.url", p + ".image_url.url is required");
        }
        MediaSource src = MediaSource.fromDataUriOrUrl(url);
        if (src == null) {
            throw GatewayException.invalid(p + ".image_url.url", "malformed data URI (expected data:<type>;base64,<data>)");
        }
        return new ContentBlock.Image(src, cc);
    }

    private static ContentBlock file(JsonObject o, String p, CacheControl cc) throws GatewayException {
        JsonObject f = Jsons.obj(o, "file");
        if (f == null) {
            throw GatewayException.invalid(p + ".file", p + ".file is required");
        }
        if (Jsons.present(f, "file_id")) {
            throw GatewayException.invalid(p + ".file.file_id", "file ids are not supported; send the content as file_data");
        }
        String filename = Jsons.str(f, "filename");
        String data = Jsons.str(f, "file_data");
        if (data != null) {
            MediaSource src = data.startsWith("data:") ? MediaSource.fromDataUriOrUrl(data)
                    : MediaSource.base64(guessMediaType(filename), data);
            if (src == null) {
                throw GatewayException.invalid(p + ".file.file_data", "malformed data URI (expected data:<type>;base64,<data>)");
            }
            String type = src.mediaType();
            if ("application/pdf".equals(type)) {
                return new ContentBlock.Document(src, filename, null, cc);
            }
            if (type.startsWith("image/")) {
                return new ContentBlock.Image(src, cc);
            }
            if (type.startsWith("text/") || type.equals("application/json") || type.equals("application/xml")) {
                try {
                    String text = new String(Base64.getMimeDecoder().decode(src.data()), StandardCharsets.UTF_8);
                    return new ContentBlock.Document(MediaSource.text(text), filename, null, cc);
                } catch (IllegalArgumentException e) {
                    throw GatewayException.invalid(p + ".file.file_data", "file_data is not valid base64");
                }
            }
            throw GatewayException.invalid(p + ".file.file_data",
                    "unsupported file type '" + type + "' (PDF, images and text files are supported)");
        }
        String url = Jsons.str(f, "file_url");
        if (url != null && !url.isBlank()) {
            return new ContentBlock.Document(MediaSource.url(url), filename, null, cc);
        }
        throw GatewayException.invalid(p + ".file", p + ".file needs file_data or file_url");
    }

    private static String guessMediaType(String filename) {
        String n = filename == null ? "" : filename.toLowerCase(java.util.Locale.ROOT);
        if (n.endsWith(".png")) {
            return "image/png";
        }
        if (n.endsWith(".jpg") || n.endsWith(".jpeg")) {
            return "image/jpeg";
        }
        if (n.endsWith(".txt") || n.endsWith(".md")) {
            return "text/plain";
        }
        return "application/pdf"; // file_data without a data: prefix is, in practice, a PDF
    }

    /** {@code cache_control:{type, ttl}} on a part, kept so Anthropic upstreams still cache. */
    static CacheControl cacheControl(JsonObject o) {
        JsonObject cc = Jsons.obj(o, "cache_control");
        return cc == null ? null : new CacheControl(Jsons.str(cc, "type", "ephemeral"), Jsons.str(cc, "ttl"));
    }

    static JsonObject object(JsonValue v, String p) throws GatewayException {
        if (v == null || v.getValueType() != JsonValue.ValueType.OBJECT) {
            throw GatewayException.invalid(p, p + " must be an object");
        }
        return v.asJsonObject();
    }
}
