package dev.switchboard.kernel.dialect.responses;

import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.MediaSource;
import dev.switchboard.spi.model.Message;
import dev.switchboard.spi.model.Role;
import dev.switchboard.spi.model.SignatureOrigin;
import dev.switchboard.wire.ThinkingSignatures;
import dev.switchboard.wire.WireIds;
import dev.switchboard.wire.ToolArguments;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Responses request's {@code input} into canonical messages. Items of the
 * same side merge into one message, which gives the layout Anthropic-shaped upstreams need: an assistant
 * message's text, reasoning and function calls become one assistant message, and consecutive
 * {@code function_call_output}s one user message. System and developer messages before the conversation
 * are hoisted into {@code system}; later ones stay in place as {@link Role#SYSTEM} messages, which each
 * upstream writer converts as its upstream needs.
 *
 * <p>One per request; not thread-safe.
 */
final class ResponsesInputReader {
    private final List<ContentBlock.Text> hoistedSystem = new ArrayList<>();
    private final List<Message> messages = new ArrayList<>();
    private Role currentRole;
    private final List<ContentBlock> currentBlocks = new ArrayList<>();
    private boolean conversationStarted;
    private final ToolNamespaces namespaces;

    /** @param namespaces the request's namespaced tools: a call of one in the history gets its flat name */
    ResponsesInputReader(ToolNamespaces namespaces) {
        this.namespaces = namespaces;
    }

    /** System and developer texts that came before the conversation, in order. */
    List<ContentBlock.Text> hoistedSystem() {
        return hoistedSystem;
    }

    /** The conversation, alternating where the input allowed it. */
    List<Message> messages() {
        return messages;
    }

    /** {@code input} given as a string: one user message. */
    void readString(String text) {
        if (!text.isEmpty()) {
            append(Role.USER, new ContentBlock.Text(text));
        }
        flush();
    }

    /** {@code input} given as an item list. */
    void readItems(JsonArray items) throws GatewayException {
        for (int i = 0; i < items.size(); i++) {
            String at = "input[" + i + "]";
            if (items.get(i).getValueType() != JsonValue.ValueType.OBJECT) {
                throw GatewayException.invalid(at, at + " must be an object");
            }
            readItem(items.getJsonObject(i), at);
        }
        flush();
        Message first = messages.stream().filter(m -> m.role() != Role.SYSTEM).findFirst().orElse(null);
        if (first != null && first.role() == Role.ASSISTANT) {
            // Anthropic-shaped upstreams need a user turn first.
            messages.add(messages.indexOf(first), Message.user("(continue)"));
        }
    }

    private void readItem(JsonObject item, String at) throws GatewayException {
        // EasyInputMessage has a role but may omit the type.
        String type = Jsons.str(item, "type", item.containsKey("role") ? "message" : null);
        if (type == null) {
            throw GatewayException.invalid(at + ".type", at + ".type is required");
        }
        switch (type) {
            case "message" -> readMessage(item, at);
            case "function_call" -> append(Role.ASSISTANT, readFunctionCall(item, at));
            case "function_call_output" -> append(Role.USER, readFunctionCallOutput(item, at));
            case "reasoning" -> {
                ContentBlock.Thinking thinking = readReasoning(item, at);
                if (thinking != null) {
                    append(Role.ASSISTANT, thinking);
                }
            }
            case "item_reference" -> throw GatewayException.invalid(at + ".type",
                    "item_reference is not supported: this gateway is stateless (store:false); send the items themselves");
            default -> throw GatewayException.invalid(at + ".type", "input item type '" + type
                    + "' is not supported by this gateway (supported: message, function_call, function_call_output, reasoning)");
        }
    }

    private void readMessage(JsonObject item, String at) throws GatewayException {
        String role = Jsons.str(item, "role");
        if (role == null) {
            throw GatewayException.invalid(at + ".role", at + ".role is required");
        }
        switch (role) {
            case "system", "developer" -> readSystemMessage(item, at);
            case "user" -> {
                conversationStarted = true;
                for (ContentBlock b : readContent(item, at, Side.USER)) {
                    append(Role.USER, b);
                }
            }
            case "assistant" -> {
                conversationStarted = true;
                for (ContentBlock b : readContent(item, at, Side.ASSISTANT)) {
                    append(Role.ASSISTANT, b);
                }
            }
            default -> throw GatewayException.invalid(at + ".role", "unknown role '" + role + "'");
        }
    }

    private void readSystemMessage(JsonObject item, String at) throws GatewayException {
        List<ContentBlock> blocks = readContent(item, at, Side.SYSTEM);
        if (blocks.isEmpty()) {
            return;
        }
        if (!conversationStarted) {
            blocks.forEach(b -> hoistedSystem.add((ContentBlock.Text) b));
            return;
        }
        flush();
        messages.add(new Message(Role.SYSTEM, blocks));
    }

    private ContentBlock.ToolUse readFunctionCall(JsonObject item, String at) throws GatewayException {
        conversationStarted = true;
        String callId = requiredString(item, "call_id", at);
        String name = requiredString(item, "name", at);
        String namespace = Jsons.str(item, "namespace");
        if (namespace != null && !namespace.isEmpty()) {
            name = namespaces.flatten(namespace, name);
        }
        JsonValue args = item.get("arguments");
        JsonObject input;
        if (args == null || args.getValueType() == JsonValue.ValueType.NULL) {
            input = JsonValue.EMPTY_JSON_OBJECT;
        } else if (args instanceof JsonString s) {
            input = ToolArguments.parse(s.getString(), at);
        } else if (args.getValueType() == JsonValue.ValueType.OBJECT) {
            input = args.asJsonObject(); // lenient: an object instead of its JSON text
        } else {
            throw GatewayException.invalid(at + ".arguments", at + ".arguments must be a JSON string");
        }
        return new ContentBlock.ToolUse(toolId(callId), name, input);
    }

    private ContentBlock.ToolResult readFunctionCallOutput(JsonObject item, String at) throws GatewayException {
        conversationStarted = true;
        String callId = requiredString(item, "call_id", at);
        JsonValue output = item.get("output");
        List<ContentBlock> content = new ArrayList<>();
        if (output == null || output.getValueType() == JsonValue.ValueType.NULL) {
            // A missing result is an empty one; the call still gets its answer.
        } else if (output instanceof JsonString s) {
            if (!s.getString().isEmpty()) {
                content.add(new ContentBlock.Text(s.getString()));
            }
        } else if (output.getValueType() == JsonValue.ValueType.ARRAY) {
            JsonArray parts = output.asJsonArray();
            for (int j = 0; j < parts.size(); j++) {
                ContentBlock b = readPart(parts.get(j), at + ".output[" + j + "]", Side.USER);
                if (b != null) {
                    content.add(b);
                }
            }
        } else {
            // Some clients send structured results; keep them as their JSON text rather than fail.
            content.add(new ContentBlock.Text(output.toString()));
        }
        return new ContentBlock.ToolResult(toolId(callId), content, false, null);
    }

    /** {@code reasoning} → thinking with the joined summary; null when there is nothing to replay. */
    private ContentBlock.Thinking readReasoning(JsonObject item, String at) throws GatewayException {
        conversationStarted = true;
        String text = joinTexts(Jsons.arr(item, "summary"), at + ".summary");
        if (text.isEmpty()) {
            text = joinTexts(Jsons.arr(item, "content"), at + ".content");
        }
        String signature = Jsons.str(item, "encrypted_content", "");
        if (text.isEmpty() && signature.isEmpty()) {
            return null;
        }
        // An encrypted_content this gateway wrapped names its issuer; any other is OpenAI's own.
        return ThinkingSignatures.fromClient(text, signature, SignatureOrigin.OPENAI);
    }

    private static String joinTexts(JsonArray parts, String at) throws GatewayException {
        StringBuilder sb = new StringBuilder();
        if (parts == null) {
            return "";
        }
        for (int j = 0; j < parts.size(); j++) {
            if (parts.get(j).getValueType() != JsonValue.ValueType.OBJECT) {
                throw GatewayException.invalid(at + "[" + j + "]", at + "[" + j + "] must be an object");
            }
            String t = Jsons.str(parts.getJsonObject(j), "text", "");
            if (!t.isEmpty()) {
                if (!sb.isEmpty()) {
                    sb.append("\n\n");
                }
                sb.append(t);
            }
        }
        return sb.toString();
    }

    private enum Side { SYSTEM, USER, ASSISTANT }

    private List<ContentBlock> readContent(JsonObject item, String at, Side side) throws GatewayException {
        JsonValue content = item.get("content");
        List<ContentBlock> out = new ArrayList<>();
        if (content instanceof JsonString s) {
            if (!s.getString().isEmpty()) {
                out.add(new ContentBlock.Text(s.getString()));
            }
            return out;
        }
        if (content == null || content.getValueType() != JsonValue.ValueType.ARRAY) {
            throw GatewayException.invalid(at + ".content", at + ".content must be a string or an array of parts");
        }
        JsonArray parts = content.asJsonArray();
        for (int j = 0; j < parts.size(); j++) {
            ContentBlock b = readPart(parts.get(j), at + ".content[" + j + "]", side);
            if (b != null) {
                out.add(b);
            }
        }
        return out;
    }

    /** One content part; null for an empty text. */
    private static ContentBlock readPart(JsonValue value, String at, Side side) throws GatewayException {
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw GatewayException.invalid(at, at + " must be an object");
        }
        JsonObject part = value.asJsonObject();
        String type = Jsons.str(part, "type");
        if (type == null) {
            throw GatewayException.invalid(at + ".type", at + ".type is required");
        }
        return switch (type) {
            case "input_text", "output_text", "text" -> text(part, "text", at);
            case "refusal" -> {
                if (side != Side.ASSISTANT) {
                    throw GatewayException.invalid(at + ".type", "refusal parts belong to assistant messages");
                }
                yield text(part, "refusal", at);
            }
            case "input_image" -> {
                requireSide(side, Side.USER, type, at);
                yield readImage(part, at);
            }
            case "input_file" -> {
                requireSide(side, Side.USER, type, at);
                yield readFile(part, at);
            }
            default -> throw GatewayException.invalid(at + ".type", "content part type '" + type
                    + "' is not supported here");
        };
    }

    private static void requireSide(Side side, Side wanted, String type, String at) throws GatewayException {
        if (side != wanted) {
            throw GatewayException.invalid(at + ".type", type + " parts belong to user messages");
        }
    }

    private static ContentBlock text(JsonObject part, String key, String at) throws GatewayException {
        if (!(part.get(key) instanceof JsonString s)) {
            throw GatewayException.invalid(at + "." + key, at + "." + key + " must be a string");
        }
        return s.getString().isEmpty() ? null : new ContentBlock.Text(s.getString());
    }

    private static ContentBlock readImage(JsonObject part, String at) throws GatewayException {
        if (Jsons.present(part, "file_id")) {
            throw GatewayException.invalid(at + ".file_id",
                    "file_id is not supported (this gateway stores no files); send image_url as a URL or data URI");
        }
        JsonValue ref = part.get("image_url");
        String url = ref instanceof JsonString s ? s.getString()
                : ref != null && ref.getValueType() == JsonValue.ValueType.OBJECT ? Jsons.str(ref.asJsonObject(), "url")
                : null;
        if (url == null || url.isEmpty()) {
            throw GatewayException.invalid(at + ".image_url", at + ".image_url is required");
        }
        MediaSource source = MediaSource.fromDataUriOrUrl(url);
        if (source == null) {
            throw GatewayException.invalid(at + ".image_url", "image_url is not a valid base64 data URI");
        }
        return new ContentBlock.Image(source, null);
    }

    private static ContentBlock readFile(JsonObject part, String at) throws GatewayException {
        if (Jsons.present(part, "file_id")) {
            throw GatewayException.invalid(at + ".file_id",
                    "file_id is not supported (this gateway stores no files); send file_data or file_url");
        }
        String filename = Jsons.str(part, "filename");
        String data = Jsons.str(part, "file_data");
        if (data != null && !data.isEmpty()) {
            MediaSource source = data.startsWith("data:") ? MediaSource.fromDataUriOrUrl(data)
                    : MediaSource.base64(mediaTypeOf(filename), data);
            if (source == null) {
                throw GatewayException.invalid(at + ".file_data", "file_data is not a valid base64 data URI");
            }
            return new ContentBlock.Document(source, filename, null, null);
        }
        String url = Jsons.str(part, "file_url");
        if (url != null && !url.isEmpty()) {
            return new ContentBlock.Document(MediaSource.url(url), filename, null, null);
        }
        throw GatewayException.invalid(at + ".file_data", at + " needs file_data or file_url");
    }

    /** Raw base64 file data comes without a media type; the file name is the only hint. */
    private static String mediaTypeOf(String filename) {
        if (filename != null) {
            String f = filename.toLowerCase(java.util.Locale.ROOT);
            if (f.endsWith(".txt") || f.endsWith(".md")) {
                return "text/plain";
            }
        }
        return "application/pdf";
    }

    private static String requiredString(JsonObject item, String key, String at) throws GatewayException {
        String v = Jsons.str(item, key);
        if (v == null || v.isEmpty()) {
            throw GatewayException.invalid(at + "." + key, at + "." + key + " is required");
        }
        return v;
    }

    /** Tool ids are sanitised the same way for calls and outputs, so the pair still matches. */
    private static String toolId(String callId) {
        return WireIds.sanitizeToolId(callId, "call_");
    }

    private void append(Role role, ContentBlock block) {
        if (currentRole != role) {
            flush();
            currentRole = role;
        }
        currentBlocks.add(block);
    }

    private void flush() {
        if (currentRole != null && !currentBlocks.isEmpty()) {
            messages.add(new Message(currentRole, currentBlocks));
        }
        currentBlocks.clear();
        currentRole = null;
    }
}
