package dev.switchboard.kernel.dialect.responses;

import dev.switchboard.kernel.dialect.openai.FunctionTools;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.ThinkingConfig;
import dev.switchboard.spi.model.Tool;
import dev.switchboard.spi.model.ToolChoice;
import dev.switchboard.wire.EffortBudgets;
import dev.switchboard.wire.responses.ResponsesOnlyOptions;
import dev.switchboard.wire.responses.ResponsesReasoning;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A client's {@code POST /v1/responses} body → canonical {@link ChatRequest} plus the
 * options its answer must be written with. The gateway is stateless, so everything that refers to stored
 * state ({@code previous_response_id}, {@code conversation}, {@code prompt}, {@code item_reference},
 * {@code background:true}) is rejected with a 400 naming the field. {@code namespace} tools become flat function
 * tools ({@link ToolNamespaces}, restored in the answer); hosted tools ({@code web_search}, …) become canonical
 * tools of their type, which the kernel passes, maps or leaves out per upstream. Fields the
 * canonical model does not interpret are kept in {@link ChatRequest#extensions()}. Stateless and
 * thread-safe.
 */
public final class ResponsesRequestReader {
    private static final String INCLUDE_ENCRYPTED_REASONING = "reasoning.encrypted_content";

    /** Top-level fields this reader interprets; everything else rides along as an extension. */
    private static final Set<String> INTERPRETED = Set.of("model", "instructions", "input", "tools", "tool_choice",
            "parallel_tool_calls", "max_output_tokens", "temperature", "top_p", "reasoning", "text", "stream",
            "previous_response_id", "conversation", "prompt", "background", "store", "include", "user",
            "safety_identifier", "prompt_cache_key", "metadata");

    private ResponsesRequestReader() {
    }

    /** Parses and reads a request body. */
    public static ResponsesClientRequest read(byte[] body) throws GatewayException {
        JsonObject json;
        try {
            json = Jsons.parseObject(body);
        } catch (JsonException e) {
            throw GatewayException.invalid(null, "request body is not a JSON object: " + e.getMessage());
        }
        return read(json);
    }

    /** Reads a parsed request body, with the default effort table. */
    public static ResponsesClientRequest read(JsonObject body) throws GatewayException {
        return read(body, EffortBudgets.DEFAULTS);
    }

    /** Reads a parsed request body; {@code budgets} gives the thinking budget of each {@code reasoning.effort}. */
    public static ResponsesClientRequest read(JsonObject body, EffortBudgets budgets) throws GatewayException {
        rejectStatefulFeatures(body);
        String model = Jsons.str(body, "model");
        if (model == null || model.isBlank()) {
            throw GatewayException.invalid("model", "model is required");
        }
        ChatRequest.Builder b = ChatRequest.builder(model);

        JsonValue instructions = body.get("instructions");
        if (instructions instanceof JsonString s) {
            if (!s.getString().isEmpty()) {
                b.addSystem(new ContentBlock.Text(s.getString()));
            }
        } else if (instructions != null && instructions.getValueType() != JsonValue.ValueType.NULL) {
            throw GatewayException.invalid("instructions", "instructions must be a string");
        }

        ToolNamespaces namespaces = new ToolNamespaces();
        List<Tool> tools = readTools(body, namespaces);
        ResponsesInputReader input = new ResponsesInputReader(namespaces);
        JsonValue in = body.get("input");
        if (in instanceof JsonString s) {
            input.readString(s.getString());
        } else if (in != null && in.getValueType() == JsonValue.ValueType.ARRAY) {
            input.readItems(in.asJsonArray());
        } else {
            throw GatewayException.invalid("input", "input must be a string or an array of items");
        }
        input.hoistedSystem().forEach(b::addSystem);
        if (input.messages().isEmpty()) {
            throw GatewayException.invalid("input", "input contains no user or assistant content");
        }
        b.messages(input.messages());

        b.tools(tools);
        b.toolChoice(readToolChoice(body, !tools.isEmpty(), namespaces));

        Integer maxTokens = null;
        if (Jsons.present(body, "max_output_tokens")) {
            Long max = Jsons.lng(body, "max_output_tokens");
            if (max == null || max < 1) {
                throw GatewayException.invalid("max_output_tokens", "max_output_tokens must be a positive integer");
            }
            maxTokens = (int) Math.min(Integer.MAX_VALUE, max);
        }
        Double temperature = number(body, "temperature");
        Double topP = number(body, "top_p");
        if (temperature != null) {
            temperature = Math.max(0.0, Math.min(1.0, temperature)); // the range Anthropic-shaped upstreams accept
        }

        String effort = readEffort(body);
        if (effort != null && ResponsesReasoning.isOff(effort)) {
            b.thinking(new ThinkingConfig(ThinkingConfig.Mode.DISABLED, null, null));
        } else if (effort != null) {
            int budget = budgets.budgetOf(effort);
            if (maxTokens != null && budget >= maxTokens) {
                // Anthropic needs 1024 <= budget < max_tokens: lower the budget first, raise max_tokens only if it must.
                budget = Math.max(ResponsesReasoning.BUDGET_LOW, maxTokens - 1);
                if (budget >= maxTokens) {
                    maxTokens = budget + ResponsesReasoning.BUDGET_LOW;
                }
            }
            b.thinking(ThinkingConfig.enabled(budget)).effort(effort);
            if (temperature != null) {
                temperature = 1.0; // thinking requires temperature 1 and no top_p
            }
            topP = null;
        }
        b.maxTokens(maxTokens).temperature(temperature).topP(topP);
        b.outputFormat(readOutputFormat(body));
        b.stream(Jsons.bool(body, "stream"));
        b.userId(hashedUserId(body));
        for (var e : body.entrySet()) {
            if (!INTERPRETED.contains(e.getKey())) {
                b.extension(e.getKey(), e.getValue());
            }
        }
        ResponsesOnlyOptions.keep(body, b::extension);
        return new ResponsesClientRequest(b.build(),
                new ResponsesWriterOptions(includesEncryptedReasoning(body), echo(body), namespaces));
    }

    private static void rejectStatefulFeatures(JsonObject body) throws GatewayException {
        for (String key : List.of("previous_response_id", "conversation", "prompt")) {
            if (Jsons.present(body, key)) {
                throw GatewayException.invalid(key, key
                        + " is not supported: this gateway is stateless (store:false); send the full input instead");
            }
        }
        if (Jsons.bool(body, "background")) {
            throw GatewayException.invalid("background",
                    "background:true is not supported: this gateway is stateless (store:false)");
        }
    }

    private static List<Tool> readTools(JsonObject body, ToolNamespaces namespaces) throws GatewayException {
        JsonValue v = body.get("tools");
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return List.of();
        }
        if (v.getValueType() != JsonValue.ValueType.ARRAY) {
            throw GatewayException.invalid("tools", "tools must be an array");
        }
        JsonArray arr = v.asJsonArray();
        for (int i = 0; i < arr.size(); i++) {
            String at = "tools[" + i + "]";
            if (arr.get(i).getValueType() != JsonValue.ValueType.OBJECT) {
                throw GatewayException.invalid(at, at + " must be an object");
            }
            if ("function".equals(Jsons.str(arr.getJsonObject(i), "type"))) {
                namespaces.reserve(Jsons.str(arr.getJsonObject(i), "name"));
            }
        }
        List<Tool> tools = new java.util.ArrayList<>(arr.size());
        for (int i = 0; i < arr.size(); i++) {
            String at = "tools[" + i + "]";
            JsonObject t = arr.getJsonObject(i);
            String type = Jsons.str(t, "type");
            if (type == null || type.isEmpty()) {
                throw GatewayException.invalid(at + ".type", at + ".type is required");
            }
            switch (type) {
                case "function" -> tools.add(FunctionTools.read(t, at));
                case "namespace" -> tools.addAll(namespaceTools(t, at, namespaces));
                default -> tools.add(hostedTool(t, type));
            }
        }
        return tools;
    }

    /** A {@code namespace} tool's functions, each under its flat name. */
    private static List<Tool> namespaceTools(JsonObject ns, String at, ToolNamespaces namespaces)
            throws GatewayException {
        String namespace = Jsons.str(ns, "name");
        if (namespace == null || namespace.isEmpty()) {
            throw GatewayException.invalid(at + ".name", "a namespace tool needs a name");
        }
        JsonArray inner = Jsons.arr(ns, "tools");
        if (inner == null) {
            throw GatewayException.invalid(at + ".tools", "a namespace tool needs a tools array");
        }
        List<Tool> tools = new java.util.ArrayList<>(inner.size());
        for (int j = 0; j < inner.size(); j++) {
            String innerAt = at + ".tools[" + j + "]";
            if (!(inner.get(j) instanceof JsonObject t) || !"function".equals(Jsons.str(t, "type"))) {
                throw GatewayException.invalid(innerAt, innerAt + " must be a function tool");
            }
            Tool f = FunctionTools.read(t, innerAt);
            tools.add(new Tool(namespaces.flatten(namespace, f.name()), f.description(), f.inputSchema(),
                    f.cacheControl(), f.deferLoading(), f.type(), f.extensions()));
        }
        return tools;
    }

    /** A hosted tool: named by its type, its other fields kept for an upstream that runs it. */
    private static Tool hostedTool(JsonObject t, String type) {
        java.util.Map<String, JsonValue> fields = new java.util.LinkedHashMap<>(t);
        fields.remove("type");
        return new Tool(type, null, JsonValue.EMPTY_JSON_OBJECT, null, false, type, fields);
    }

    /** Tool choice only makes sense with tools, and parallel_tool_calls:false never with none. */
    private static ToolChoice readToolChoice(JsonObject body, boolean hasTools, ToolNamespaces namespaces)
            throws GatewayException {
        JsonValue v = body.get("tool_choice");
        ToolChoice.Type type = null;
        String name = null;
        if (v instanceof JsonString s) {
            type = switch (s.getString()) {
                case "auto" -> ToolChoice.Type.AUTO;
                case "required" -> ToolChoice.Type.ANY;
                case "none" -> ToolChoice.Type.NONE;
                default -> throw GatewayException.invalid("tool_choice", "unknown tool_choice '" + s.getString() + "'");
            };
        } else if (v != null && v.getValueType() == JsonValue.ValueType.OBJECT) {
            JsonObject o = v.asJsonObject();
            String choiceType = Jsons.str(o, "type");
            if (choiceType == null || "function".equals(choiceType) && Jsons.str(o, "name") == null) {
                throw GatewayException.invalid("tool_choice",
                        "tool_choice object must be {\"type\":\"function\",\"name\":...} or name a hosted tool type");
            }
            type = ToolChoice.Type.TOOL;
            String namespace = Jsons.str(o, "namespace");
            // A hosted tool is named by its type (see hostedTool).
            name = !"function".equals(choiceType) ? choiceType
                    : namespace == null ? Jsons.str(o, "name") : namespaces.flatten(namespace, Jsons.str(o, "name"));
        } else if (v != null && v.getValueType() != JsonValue.ValueType.NULL) {
            throw GatewayException.invalid("tool_choice", "tool_choice must be a string or an object");
        }
        Boolean parallel = Jsons.boolOrNull(body, "parallel_tool_calls");
        boolean noParallel = Boolean.FALSE.equals(parallel);
        if (!hasTools) {
            return null;
        }
        if (type == null && !noParallel) {
            return null;
        }
        if (type == null) {
            type = ToolChoice.Type.AUTO;
        }
        return new ToolChoice(type, name, noParallel && type != ToolChoice.Type.NONE);
    }

    private static String readEffort(JsonObject body) throws GatewayException {
        JsonValue r = body.get("reasoning");
        if (r == null || r.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (r.getValueType() != JsonValue.ValueType.OBJECT) {
            throw GatewayException.invalid("reasoning", "reasoning must be an object");
        }
        String effort = Jsons.str(r.asJsonObject(), "effort");
        if (effort == null) {
            return null;
        }
        effort = effort.toLowerCase(Locale.ROOT);
        if (!ResponsesReasoning.isOff(effort) && ResponsesReasoning.budgetOf(effort) == null) {
            throw GatewayException.invalid("reasoning.effort", "unknown reasoning.effort '" + effort + "'");
        }
        return effort;
    }

    /** {@code text.format} → canonical {@code output_config.format} ({@code {type:"json_schema", schema}}). */
    private static JsonObject readOutputFormat(JsonObject body) throws GatewayException {
        JsonObject format = Jsons.obj(Jsons.obj(body, "text"), "format");
        if (format == null) {
            return null;
        }
        String type = Jsons.str(format, "type");
        if (type == null || type.equals("text")) {
            return null;
        }
        return switch (type) {
            case "json_schema" -> {
                JsonObject schema = Jsons.obj(format, "schema");
                if (schema == null) {
                    throw GatewayException.invalid("text.format.schema", "text.format.schema is required");
                }
                yield Jsons.objectBuilder().add("type", "json_schema").add("schema", schema).build();
            }
            case "json_object" -> Jsons.objectBuilder().add("type", "json_schema")
                    .add("schema", Jsons.objectBuilder().add("type", "object")).build();
            default -> throw GatewayException.invalid("text.format.type", "unknown text.format.type '" + type + "'");
        };
    }

    private static Double number(JsonObject body, String key) throws GatewayException {
        JsonValue v = body.get(key);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        Double d = v instanceof JsonNumber n ? Jsons.finite(n) : null;
        if (d == null) {
            throw GatewayException.invalid(key, key + " must be a finite number");
        }
        return d;
    }

    private static boolean includesEncryptedReasoning(JsonObject body) {
        JsonArray include = Jsons.arr(body, "include");
        if (include == null) {
            return false;
        }
        for (JsonValue v : include) {
            if (v instanceof JsonString s && INCLUDE_ENCRYPTED_REASONING.equals(s.getString())) {
                return true;
            }
        }
        return false;
    }

    /**
     * A stable user id for stickiness and the upstream's abuse tracking, hashed because clients put
     * emails there and some upstreams reject email-like ids. SHA-256 hex is exactly 64 characters.
     */
    private static String hashedUserId(JsonObject body) {
        for (String key : List.of("safety_identifier", "user", "prompt_cache_key")) {
            String v = Jsons.str(body, key);
            if (v != null && !v.isEmpty()) {
                return sha256Hex(v);
            }
        }
        return null;
    }

    private static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    /** The request fields the response object repeats (see {@link ResponsesWriterOptions#requestEcho()}). */
    private static JsonObject echo(JsonObject body) {
        JsonObjectBuilder b = Jsons.objectBuilder();
        for (String key : List.of("instructions", "tool_choice", "parallel_tool_calls", "temperature", "top_p",
                "max_output_tokens", "reasoning", "text", "metadata")) {
            if (Jsons.present(body, key)) {
                b.add(key, body.get(key));
            }
        }
        JsonArray tools = Jsons.arr(body, "tools");
        if (tools != null) {
            b.add("tools", tools);
        }
        return b.build();
    }
}
