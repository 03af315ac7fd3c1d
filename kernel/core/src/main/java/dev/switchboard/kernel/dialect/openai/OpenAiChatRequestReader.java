package dev.switchboard.kernel.dialect.openai;

import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.spi.model.ThinkingConfig;
import dev.switchboard.spi.model.Tool;
import dev.switchboard.spi.model.ToolChoice;
import dev.switchboard.wire.EffortBudgets;
import dev.switchboard.wire.openai.OpenAiChatRequestWriter;
import dev.switchboard.wire.openai.StableHash;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a client's {@code POST /v1/chat/completions} body into the canonical request, {@code reasoning_effort}
 * as thinking. Unknown fields are kept as extensions; fields the gateway
 * cannot honour ({@code n>1}, {@code logprobs}, {@code logit_bias}, {@code seed}, penalties) are dropped
 * and reported, or rejected in strict mode. Malformed input fails with a 400 that names the exact field
 * ({@code messages[3].tool_calls[0].function.name}).
 *
 * <p>Immutable and thread-safe.
 */
public final class OpenAiChatRequestReader {
    /** Output cap when the client gives none (Anthropic requires one). */
    public static final int DEFAULT_MAX_TOKENS = 4096;

    /** Fields this reader interprets; everything else rides along as an extension. */
    private static final Set<String> KNOWN = Set.of("model", "messages", "tools", "functions", "tool_choice",
            "function_call", "parallel_tool_calls", "max_tokens", "max_completion_tokens", "temperature", "top_p",
            "top_k", "stop", "stream", "stream_options", "user", "safety_identifier", "reasoning_effort",
            "response_format", "n", "logprobs", "top_logprobs", "logit_bias", "seed", "presence_penalty",
            "frequency_penalty");

    private final boolean strict;
    private final EffortBudgets budgets;

    /** A lenient reader: unsupported fields are dropped and reported. */
    public OpenAiChatRequestReader() {
        this(false);
    }

    /** @param strict reject unsupported fields with a 400 instead of dropping them */
    public OpenAiChatRequestReader(boolean strict) {
        this(strict, EffortBudgets.DEFAULTS);
    }

    /**
     * @param strict  reject unsupported fields with a 400 instead of dropping them
     * @param budgets the thinking budget each {@code reasoning_effort} becomes
     */
    public OpenAiChatRequestReader(boolean strict, EffortBudgets budgets) {
        this.strict = strict;
        this.budgets = budgets;
    }

    /** Parses and reads a raw body. */
    public OpenAiChatReadResult read(byte[] body) throws GatewayException {
        JsonObject o;
        try {
            o = Jsons.parseObject(body);
        } catch (JsonException e) {
            throw GatewayException.invalid(null, "request body is not a JSON object: " + e.getMessage());
        }
        return read(o);
    }

    /** Reads a parsed body. */
    public OpenAiChatReadResult read(JsonObject body) throws GatewayException {
        String model = Jsons.str(body, "model");
        if (model == null || model.isBlank()) {
            throw GatewayException.invalid("model", "model is required");
        }
        JsonArray messages = Jsons.arr(body, "messages");
        if (messages == null) {
            throw GatewayException.invalid("messages", "messages must be an array");
        }
        OpenAiChatMessagesReader.Result conversation = new OpenAiChatMessagesReader().read(messages);
        ChatRequest.Builder b = ChatRequest.builder(model)
                .system(conversation.system())
                .messages(conversation.messages());

        List<Tool> tools = tools(body);
        b.tools(tools).toolChoice(toolChoice(body, tools));

        int maxTokens = maxTokens(body);
        Double temperature = number(body, "temperature", 0, 2);
        b.temperature(temperature == null ? null : Math.min(1.0, temperature)); // Anthropic's range is [0, 1]
        b.topP(number(body, "top_p", 0, 1));
        Double topK = number(body, "top_k", 0, Integer.MAX_VALUE);
        b.topK(topK == null ? null : topK.intValue());
        b.stopSequences(stop(body));
        boolean stream = bool(body, "stream");
        b.stream(stream);
        JsonObject streamOptions = Jsons.obj(body, "stream_options");
        boolean includeUsage = stream && Jsons.bool(streamOptions, "include_usage");

        String user = Jsons.str(body, "user");
        if (user == null || user.isEmpty()) {
            user = Jsons.str(body, "safety_identifier");
        }
        if (user != null && !user.isEmpty()) {
            b.userId(StableHash.userId(user));
        }

        List<String> dropped = new ArrayList<>();
        maxTokens = reasoning(body, b, maxTokens, dropped);
        b.maxTokens(maxTokens);
        b.outputFormat(responseFormat(body));
        unsupported(body, dropped);

        for (Map.Entry<String, JsonValue> e : body.entrySet()) {
            if (!KNOWN.contains(e.getKey())) {
                b.extension(e.getKey(), e.getValue());
            }
        }
        return new OpenAiChatReadResult(b.build(), includeUsage, dropped);
    }

    private static List<Tool> tools(JsonObject body) throws GatewayException {
        List<Tool> out = new ArrayList<>();
        JsonValue v = body.get("tools");
        if (v != null && v.getValueType() != JsonValue.ValueType.NULL) {
            if (v.getValueType() != JsonValue.ValueType.ARRAY) {
                throw GatewayException.invalid("tools", "tools must be an array");
            }
            JsonArray arr = v.asJsonArray();
            for (int i = 0; i < arr.size(); i++) {
                String p = "tools[" + i + "]";
                JsonObject t = OpenAiChatMessagesReader.object(arr.get(i), p);
                String type = Jsons.str(t, "type", "function");
                if (!type.equals("function")) {
                    throw GatewayException.invalid(p + ".type", "only function tools are supported, got '" + type + "'");
                }
                JsonObject fn = Jsons.obj(t, "function");
                if (fn == null) {
                    throw GatewayException.invalid(p + ".function", p + ".function is required");
                }
                out.add(FunctionTools.read(fn, p + ".function"));
            }
        }
        // Legacy top-level functions[] (pre-tools clients).
        JsonArray functions = Jsons.arr(body, "functions");
        if (functions != null) {
            for (int i = 0; i < functions.size(); i++) {
                String p = "functions[" + i + "]";
                out.add(FunctionTools.read(OpenAiChatMessagesReader.object(functions.get(i), p), p));
            }
        }
        return out;
    }

    /** {@code tool_choice} and {@code parallel_tool_calls:false}, both only when there are tools. */
    private static ToolChoice toolChoice(JsonObject body, List<Tool> tools) throws GatewayException {
        if (tools.isEmpty()) {
            return null;
        }
        String param = body.containsKey("tool_choice") ? "tool_choice" : "function_call";
        JsonValue v = body.get(param);
        ToolChoice.Type type = null;
        String name = null;
        if (v instanceof JsonString s) {
            type = switch (s.getString()) {
                case "auto" -> ToolChoice.Type.AUTO;
                case "required" -> ToolChoice.Type.ANY;
                case "none" -> ToolChoice.Type.NONE;
                default -> throw GatewayException.invalid(param, param + " must be auto, required, none or a function");
            };
        } else if (v != null && v.getValueType() == JsonValue.ValueType.OBJECT) {
            JsonObject fn = Jsons.obj(v.asJsonObject(), "function");
            name = fn != null ? Jsons.str(fn, "name") : Jsons.str(v.asJsonObject(), "name");
            String namePath = fn != null ? param + ".function.name" : param + ".name";
            if (name == null || name.isEmpty()) {
                throw GatewayException.invalid(namePath, namePath + " is required");
            }
            String wanted = name;
            if (tools.stream().noneMatch(t -> t.name().equals(wanted))) {
                throw GatewayException.invalid(namePath, "tool_choice names '" + name + "', which is not in tools");
            }
            type = ToolChoice.Type.TOOL;
        } else if (v != null && v.getValueType() != JsonValue.ValueType.NULL) {
            throw GatewayException.invalid(param, param + " must be a string or an object");
        }
        boolean noParallel = body.get("parallel_tool_calls") == JsonValue.FALSE;
        if (type == null) {
            return noParallel ? new ToolChoice(ToolChoice.Type.AUTO, null, true) : null;
        }
        return new ToolChoice(type, name, noParallel && type != ToolChoice.Type.NONE);
    }

    private static int maxTokens(JsonObject body) throws GatewayException {
        String field = Jsons.present(body, "max_completion_tokens") ? "max_completion_tokens" : "max_tokens";
        JsonValue v = body.get(field);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return DEFAULT_MAX_TOKENS;
        }
        if (!(v instanceof JsonNumber n) || !n.isIntegral() || n.longValue() < 1) {
            throw GatewayException.invalid(field, field + " must be a positive integer");
        }
        return (int) Math.min(Integer.MAX_VALUE, n.longValue());
    }

    private static Double number(JsonObject body, String field, double min, double max) throws GatewayException {
        JsonValue v = body.get(field);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (!(v instanceof JsonNumber n) || n.doubleValue() < min || n.doubleValue() > max) {
            throw GatewayException.invalid(field, field + " must be a number between " + fmt(min) + " and " + fmt(max));
        }
        return n.doubleValue();
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && d < 1e9 ? Long.toString((long) d) : Double.toString(d);
    }

    private static boolean bool(JsonObject body, String field) throws GatewayException {
        JsonValue v = body.get(field);
        if (v == null || v == JsonValue.NULL || v == JsonValue.FALSE) {
            return false;
        }
        if (v == JsonValue.TRUE) {
            return true;
        }
        throw GatewayException.invalid(field, field + " must be a boolean");
    }

    private static List<String> stop(JsonObject body) throws GatewayException {
        JsonValue v = body.get("stop");
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return List.of();
        }
        if (v instanceof JsonString s) {
            return s.getString().isEmpty() ? List.of() : List.of(s.getString());
        }
        if (v.getValueType() != JsonValue.ValueType.ARRAY) {
            throw GatewayException.invalid("stop", "stop must be a string or an array of strings");
        }
        List<String> out = new ArrayList<>();
        JsonArray arr = v.asJsonArray();
        for (int i = 0; i < arr.size(); i++) {
            if (!(arr.get(i) instanceof JsonString s)) {
                throw GatewayException.invalid("stop[" + i + "]", "stop[" + i + "] must be a string");
            }
            if (!s.getString().isEmpty()) {
                out.add(s.getString());
            }
        }
        return out;
    }

    /**
     * {@code reasoning_effort} → thinking: low/medium/high/xhigh → enabled with a budget of
     * 1024/2048/4096/8192 and the effort itself; none/minimal → disabled. Thinking needs {@code 1024 ≤ budget
     * < max_tokens}, temperature 1 and no top_p/top_k, so max_tokens is raised by the budget when it is too
     * small (the client keeps its visible output allowance) and the sampling fields are overridden.
     *
     * @return the possibly raised max_tokens
     */
    private int reasoning(JsonObject body, ChatRequest.Builder b, int maxTokens, List<String> dropped)
            throws GatewayException {
        JsonValue v = body.get("reasoning_effort");
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return maxTokens;
        }
        if (!(v instanceof JsonString s)) {
            throw GatewayException.invalid("reasoning_effort", "reasoning_effort must be a string");
        }
        String effort = s.getString();
        Integer on = effort.equals("max") ? null : budgets.budgetOf(effort);
        if (on == null && !EffortBudgets.isOff(effort)) {
            throw GatewayException.invalid("reasoning_effort",
                    "reasoning_effort must be none, minimal, low, medium, high or xhigh");
        }
        int budget = on == null ? 0 : on;
        if (budget == 0) {
            b.thinking(new ThinkingConfig(ThinkingConfig.Mode.DISABLED, null, null));
            return maxTokens;
        }
        b.thinking(ThinkingConfig.enabled(budget)).effort(effort);
        Double temperature = Jsons.dbl(body, "temperature");
        if (temperature != null && temperature != 1.0) {
            dropped.add("temperature");
        }
        b.temperature(1.0);
        for (String f : List.of("top_p", "top_k")) {
            if (Jsons.present(body, f)) {
                dropped.add(f);
            }
        }
        b.topP(null).topK(null);
        return maxTokens <= budget ? budget + maxTokens : maxTokens;
    }

    /**
     * {@code response_format} → {@code output_config.format}: a JSON schema as is; {@code json_object} as the
     * schema of "any object"; {@code text} is the default and carries nothing.
     */
    private static JsonObject responseFormat(JsonObject body) throws GatewayException {
        JsonValue v = body.get("response_format");
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (v.getValueType() != JsonValue.ValueType.OBJECT) {
            throw GatewayException.invalid("response_format", "response_format must be an object");
        }
        JsonObject rf = v.asJsonObject();
        String type = Jsons.str(rf, "type");
        if (type == null) {
            throw GatewayException.invalid("response_format.type", "response_format.type is required");
        }
        return switch (type) {
            case "text" -> null;
            case "json_object" -> jsonSchemaFormat(OpenAiChatRequestWriter.ANY_OBJECT_SCHEMA);
            case "json_schema" -> {
                JsonObject js = Jsons.obj(rf, "json_schema");
                if (js == null) {
                    throw GatewayException.invalid("response_format.json_schema", "response_format.json_schema is required");
                }
                JsonValue schema = js.get("schema");
                if (schema != null && schema.getValueType() != JsonValue.ValueType.OBJECT
                        && schema.getValueType() != JsonValue.ValueType.NULL) {
                    throw GatewayException.invalid("response_format.json_schema.schema", "the schema must be an object");
                }
                yield jsonSchemaFormat(schema instanceof JsonObject o ? o : OpenAiChatRequestWriter.ANY_OBJECT_SCHEMA);
            }
            default -> throw GatewayException.invalid("response_format.type",
                    "response_format.type must be text, json_object or json_schema");
        };
    }

    private static JsonObject jsonSchemaFormat(JsonObject schema) {
        return Jsons.objectBuilder().add("type", "json_schema").add("schema", schema).build();
    }

    /** Fields without a canonical equivalent: dropped and reported (defaults are not worth a warning). */
    private void unsupported(JsonObject body, List<String> dropped) throws GatewayException {
        for (String f : List.of("n", "logprobs", "top_logprobs", "logit_bias", "seed", "presence_penalty",
                "frequency_penalty")) {
            JsonValue v = body.get(f);
            if (v == null || v.getValueType() == JsonValue.ValueType.NULL || isDefault(f, v)) {
                continue;
            }
            if (strict) {
                throw GatewayException.invalid(f, f + " is not supported by this gateway");
            }
            dropped.add(f);
        }
    }

    private static boolean isDefault(String field, JsonValue v) {
        return switch (field) {
            case "n" -> v instanceof JsonNumber n && n.intValue() == 1;
            case "logprobs" -> v == JsonValue.FALSE;
            case "presence_penalty", "frequency_penalty" -> v instanceof JsonNumber n && n.doubleValue() == 0;
            case "logit_bias" -> v.getValueType() == JsonValue.ValueType.OBJECT && v.asJsonObject().isEmpty();
            default -> false;
        };
    }
}
