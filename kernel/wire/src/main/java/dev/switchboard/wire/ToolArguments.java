package dev.switchboard.wire;

import dev.switchboard.spi.json.ToolInput;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Tool-call arguments for every reader and decoder that turns an arguments string or member (OpenAI chat and
 * Responses, from clients and from upstreams) into the JSON object a canonical {@code tool_use} carries. The policy
 * itself — no arguments → {@code {}}, an object → itself, double-encoded text → the inner object, "almost JSON"
 * repaired, anything else kept as {@code {"_raw": text}} — is the SPI's {@link ToolInput}, which the stream fold
 * uses too; this class adds the wire's member forms. Stateless and thread-safe.
 */
public final class ToolArguments {
    /** The key under which unrepairable arguments are kept. */
    public static final String RAW_KEY = ToolInput.RAW_KEY;
    /** The input JSON of a call that came without arguments. */
    public static final String EMPTY_JSON = "{}";

    private ToolArguments() {
    }

    /**
     * The arguments text as an object, by {@link ToolInput#parse}.
     *
     * @param where where the text came from, for the warning ({@code messages[1].tool_calls[0]}, a tool name)
     */
    public static JsonObject parse(String text, String where) {
        return ToolInput.parse(text, where);
    }

    /**
     * An {@code arguments} member as an object: an object value is taken as it is (lenient), a string by
     * {@link #parse(String, String)}, {@code null} or a missing member is {@code {}}, any other value is parsed from
     * its JSON text (and so kept as {@code _raw}).
     */
    public static JsonObject parse(JsonValue value, String where) {
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        if (value.getValueType() == JsonValue.ValueType.OBJECT) {
            return value.asJsonObject();
        }
        return parse(value instanceof JsonString s ? s.getString() : value.toString(), where);
    }

    /** The arguments as the compact JSON text of their object, for a decoder that emits one input fragment. */
    public static String parseToJson(String text, String where) {
        JsonObject o = parse(text, where);
        return o.isEmpty() ? EMPTY_JSON : o.toString();
    }
}
