package dev.switchboard.kernel.dialect.anthropic;

import dev.switchboard.wire.anthropic.AnthropicBetas;
import dev.switchboard.wire.anthropic.AnthropicBlockReader;
import dev.switchboard.wire.anthropic.AnthropicRequestWriter;
import dev.switchboard.wire.anthropic.JsonFields;
import static dev.switchboard.wire.anthropic.JsonFields.asObject;
import static dev.switchboard.wire.anthropic.JsonFields.index;
import static dev.switchboard.wire.anthropic.JsonFields.invalid;
import static dev.switchboard.wire.anthropic.JsonFields.optBool;
import static dev.switchboard.wire.anthropic.JsonFields.optCacheControl;
import static dev.switchboard.wire.anthropic.JsonFields.optInt;
import static dev.switchboard.wire.anthropic.JsonFields.optNumber;
import static dev.switchboard.wire.anthropic.JsonFields.optObject;
import static dev.switchboard.wire.anthropic.JsonFields.optString;
import static dev.switchboard.wire.anthropic.JsonFields.optStringList;
import static dev.switchboard.wire.anthropic.JsonFields.path;
import static dev.switchboard.wire.anthropic.JsonFields.present;
import static dev.switchboard.wire.anthropic.JsonFields.requireArray;
import static dev.switchboard.wire.anthropic.JsonFields.requireInt;
import static dev.switchboard.wire.anthropic.JsonFields.requireNonEmpty;
import static dev.switchboard.wire.anthropic.JsonFields.requireString;

import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.HttpHeaders;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.Message;
import dev.switchboard.spi.model.Role;
import dev.switchboard.spi.model.ThinkingConfig;
import dev.switchboard.spi.model.Tool;
import dev.switchboard.spi.model.ToolChoice;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Client Anthropic Messages bodies ({@code POST /v1/messages} and {@code /v1/messages/count_tokens}) →
 * canonical {@link ChatRequest}.
 *
 * <p>Accepts everything Claude Code and the SDKs send: string or block {@code system} and content,
 * {@code role:"system"} messages, every block type (unknown ones kept verbatim as
 * {@link ContentBlock.Opaque}), server tools, {@code defer_loading}, adaptive thinking, {@code output_config}
 * and a JSON-string {@code metadata.user_id}. Unknown top-level fields go to
 * {@link ChatRequest#extensions()}; unknown sub-fields of {@code output_config} and {@code metadata} are kept
 * there too, under {@link AnthropicRequestWriter#OUTPUT_CONFIG} and {@link AnthropicRequestWriter#METADATA}, so an Anthropic upstream receives the body
 * unchanged. Malformed input raises {@link GatewayException#invalid} naming the exact field; no other
 * exception escapes for bad input.
 *
 * <p>Stateless and thread-safe.
 */
public final class AnthropicRequestReader {

    private static final Set<String> MODELLED = Set.of("model", "messages", "system", "tools", "tool_choice",
            "max_tokens", "temperature", "top_p", "top_k", "stop_sequences", "stream", "thinking", "output_config",
            "metadata");
    private static final Set<String> MODELLED_TOOL_FIELDS = Set.of("type", "name", "description", "input_schema",
            "cache_control", "defer_loading");
    private static final JsonObject EMPTY_SCHEMA = Jsons.objectBuilder()
            .add("type", "object").add("properties", JsonValue.EMPTY_JSON_OBJECT).build();

    private AnthropicRequestReader() {
    }

    /** Reads a {@code /v1/messages} body; {@code max_tokens} is required. */
    public static ChatRequest readMessages(JsonObject body, HttpHeaders headers) throws GatewayException {
        return read(body, headers, true);
    }

    /** Parses and reads a {@code /v1/messages} body given as bytes. */
    public static ChatRequest readMessages(byte[] body, HttpHeaders headers) throws GatewayException {
        return read(parse(body), headers, true);
    }

    /** Reads a {@code /v1/messages/count_tokens} body: like a Messages body without {@code max_tokens}. */
    public static ChatRequest readCountTokens(JsonObject body, HttpHeaders headers) throws GatewayException {
        return read(body, headers, false);
    }

    /** Parses and reads a {@code /v1/messages/count_tokens} body given as bytes. */
    public static ChatRequest readCountTokens(byte[] body, HttpHeaders headers) throws GatewayException {
        return read(parse(body), headers, false);
    }

    private static JsonObject parse(byte[] body) throws GatewayException {
        if (body == null || body.length == 0) {
            throw GatewayException.invalid(null, "request body is empty");
        }
        try {
            return Jsons.parseObject(body);
        } catch (JsonException e) {
            throw GatewayException.builder(ErrorKind.INVALID_REQUEST)
                    .message("request body is not a JSON object: " + e.getMessage()).cause(e).build();
        }
    }

    private static ChatRequest read(JsonObject body, HttpHeaders headers, boolean maxTokensRequired)
            throws GatewayException {
        if (body == null) {
            throw GatewayException.invalid(null, "request body is empty");
        }
        ChatRequest.Builder b = ChatRequest.builder(requireNonEmpty(body, "model", ""));
        b.system(readSystem(body));
        b.messages(readMessages(body));
        b.tools(readTools(body));
        b.toolChoice(readToolChoice(body));
        b.maxTokens(maxTokensRequired ? Integer.valueOf(requireInt(body, "max_tokens", "")) : optInt(body, "max_tokens", ""));
        b.temperature(optNumber(body, "temperature", ""));
        b.topP(optNumber(body, "top_p", ""));
        b.topK(optInt(body, "top_k", ""));
        b.stopSequences(optStringList(body, "stop_sequences", ""));
        Boolean stream = optBool(body, "stream", "");
        b.stream(stream != null && stream);
        b.thinking(readThinking(body));
        Map<String, JsonValue> extensions = new LinkedHashMap<>();
        readOutputConfig(body, b, extensions);
        readMetadata(body, b, extensions);
        for (Map.Entry<String, JsonValue> e : body.entrySet()) {
            if (!MODELLED.contains(e.getKey())) {
                extensions.put(e.getKey(), e.getValue());
            }
        }
        b.extensions(extensions);
        b.betas(headers == null ? List.of() : AnthropicBetas.parse(headers.all(AnthropicBetas.HEADER)));
        return b.build();
    }

    private static List<ContentBlock.Text> readSystem(JsonObject body) throws GatewayException {
        if (!present(body, "system")) {
            return List.of();
        }
        JsonValue system = body.get("system");
        if (system instanceof JsonString s) {
            // An empty string says nothing; no block (an empty text block would be rejected upstream).
            return s.getString().isEmpty() ? List.of() : List.of(new ContentBlock.Text(s.getString()));
        }
        if (system.getValueType() != JsonValue.ValueType.ARRAY) {
            throw invalid("system", "expected a string or an array of text blocks, got " + JsonFields.typeName(system));
        }
        JsonArray blocks = system.asJsonArray();
        List<ContentBlock.Text> out = new ArrayList<>(blocks.size());
        for (int i = 0; i < blocks.size(); i++) {
            String param = index("system", i);
            JsonObject block = asObject(blocks.get(i), param);
            String type = requireNonEmpty(block, "type", param);
            if (!"text".equals(type)) {
                throw invalid(path(param, "type"), "system blocks must be of type text, got '" + type + "'");
            }
            out.add(AnthropicBlockReader.readText(block, param));
        }
        return out;
    }

    private static List<Message> readMessages(JsonObject body) throws GatewayException {
        JsonArray messages = requireArray(body, "messages", "");
        if (messages.isEmpty()) {
            throw invalid("messages", "at least one message is required");
        }
        List<Message> out = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            String param = index("messages", i);
            JsonObject m = asObject(messages.get(i), param);
            String roleName = requireNonEmpty(m, "role", param);
            Role role = Role.fromWire(roleName);
            if (role == null) {
                throw invalid(path(param, "role"), "unknown role '" + roleName + "'; expected user, assistant or system");
            }
            out.add(new Message(role, AnthropicBlockReader.readContent(m.get("content"), path(param, "content"),
                    AnthropicBlockReader.Signatures.CLIENT)));
        }
        return out;
    }

    private static List<Tool> readTools(JsonObject body) throws GatewayException {
        JsonArray tools = JsonFields.optArray(body, "tools", "");
        if (tools == null) {
            return List.of();
        }
        List<Tool> out = new ArrayList<>(tools.size());
        for (int i = 0; i < tools.size(); i++) {
            out.add(readTool(asObject(tools.get(i), index("tools", i)), index("tools", i)));
        }
        return out;
    }

    private static Tool readTool(JsonObject t, String param) throws GatewayException {
        String type = optString(t, "type", param);
        String name = requireNonEmpty(t, "name", param);
        String description = optString(t, "description", param);
        Boolean defer = optBool(t, "defer_loading", param);
        Map<String, JsonValue> extensions = new LinkedHashMap<>();
        // Same rule as Tool.isFunction(): these carry a function schema, anything else is a server tool.
        boolean function = type == null || "custom".equals(type) || "function".equals(type);
        JsonObject schema = EMPTY_SCHEMA;
        if (function) {
            JsonObject given = optObject(t, "input_schema", param);
            schema = given == null ? EMPTY_SCHEMA : given;
        }
        for (Map.Entry<String, JsonValue> e : t.entrySet()) {
            // A server tool's schema (if any) is part of its definition, not a function schema.
            boolean modelled = MODELLED_TOOL_FIELDS.contains(e.getKey()) && (function || !"input_schema".equals(e.getKey()));
            if (!modelled) {
                extensions.put(e.getKey(), e.getValue());
            }
        }
        return new Tool(name, description, schema, optCacheControl(t, param), defer != null && defer, type, extensions);
    }

    private static ToolChoice readToolChoice(JsonObject body) throws GatewayException {
        JsonObject tc = optObject(body, "tool_choice", "");
        if (tc == null) {
            return null;
        }
        String typeName = requireNonEmpty(tc, "type", "tool_choice");
        ToolChoice.Type type = ToolChoice.Type.fromWire(typeName);
        if (type == null) {
            throw invalid("tool_choice.type", "unknown tool_choice type '" + typeName + "'; expected auto, any, none or tool");
        }
        String name = type == ToolChoice.Type.TOOL ? requireNonEmpty(tc, "name", "tool_choice") : null;
        Boolean disableParallel = optBool(tc, "disable_parallel_tool_use", "tool_choice");
        return new ToolChoice(type, name, disableParallel != null && disableParallel);
    }

    private static ThinkingConfig readThinking(JsonObject body) throws GatewayException {
        JsonObject th = optObject(body, "thinking", "");
        if (th == null) {
            return null;
        }
        String modeName = requireNonEmpty(th, "type", "thinking");
        ThinkingConfig.Mode mode = ThinkingConfig.Mode.fromWire(modeName);
        if (mode == null) {
            throw invalid("thinking.type", "unknown thinking type '" + modeName + "'; expected enabled, adaptive or disabled");
        }
        Integer budget = mode == ThinkingConfig.Mode.ENABLED
                ? Integer.valueOf(requireInt(th, "budget_tokens", "thinking"))
                : optInt(th, "budget_tokens", "thinking");
        return new ThinkingConfig(mode, budget, optString(th, "display", "thinking"));
    }

    private static void readOutputConfig(JsonObject body, ChatRequest.Builder b, Map<String, JsonValue> extensions)
            throws GatewayException {
        JsonObject oc = optObject(body, "output_config", "");
        if (oc == null) {
            return;
        }
        b.effort(optString(oc, "effort", "output_config"));
        b.outputFormat(optObject(oc, "format", "output_config"));
        putRemainder(extensions, AnthropicRequestWriter.OUTPUT_CONFIG, oc, Set.of("effort", "format"));
    }

    private static void readMetadata(JsonObject body, ChatRequest.Builder b, Map<String, JsonValue> extensions)
            throws GatewayException {
        JsonObject md = optObject(body, "metadata", "");
        if (md == null) {
            return;
        }
        b.userId(optString(md, "user_id", "metadata"));
        putRemainder(extensions, AnthropicRequestWriter.METADATA, md, Set.of("user_id"));
    }

    /** Keeps the sub-fields the model does not interpret, so the Anthropic writer can restore them. */
    private static void putRemainder(Map<String, JsonValue> extensions, String key, JsonObject o, Set<String> modelled) {
        JsonObjectBuilder rest = Jsons.objectBuilder();
        boolean any = false;
        for (Map.Entry<String, JsonValue> e : o.entrySet()) {
            if (!modelled.contains(e.getKey())) {
                rest.add(e.getKey(), e.getValue());
                any = true;
            }
        }
        if (any) {
            extensions.put(key, rest.build());
        }
    }
}
