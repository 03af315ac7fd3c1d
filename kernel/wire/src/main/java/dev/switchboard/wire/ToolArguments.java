package dev.switchboard.wire;

import dev.switchboard.spi.json.Jsons;
import dev.switchboard.wire.openai.JsonRepair;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one parser of tool-call arguments, for every reader and decoder that turns an arguments string (OpenAI chat
 * and Responses, from clients and from upstreams) into the JSON object a canonical {@code tool_use} carries. The
 * policy, in order:
 * <ol>
 *   <li>missing, JSON {@code null} or blank → {@code {}} (a call without arguments; the only place this rule
 *       lives)</li>
 *   <li>a JSON object value → itself; a string that parses as an object → that object</li>
 *   <li>double-encoded text ({@code "{\"a\":1}"}) → the inner object</li>
 *   <li>"almost JSON" → repaired by {@link JsonRepair}: markdown fences and prose around the object dropped,
 *       a truncated object closed, at most a few half-written trailing members cut; it never invents keys</li>
 *   <li>anything else → {@code {"_raw": text}}, with a warning: the call is never dropped (its result in the next
 *       turn would be orphaned) and the text is never thrown away, so what the model or client sent still reaches
 *       the other side and the logs can show its length</li>
 * </ol>
 * Stateless and thread-safe.
 */
public final class ToolArguments {
    /** The key under which unrepairable arguments are kept. */
    public static final String RAW_KEY = "_raw";
    /** The input JSON of a call that came without arguments. */
    public static final String EMPTY_JSON = "{}";

    private static final Logger LOG = Logger.getLogger(ToolArguments.class.getName());

    private ToolArguments() {
    }

    /**
     * The arguments text as an object, by the policy of the class comment.
     *
     * @param text where the text came from, for the warning ({@code messages[1].tool_calls[0]}, a tool name)
     */
    public static JsonObject parse(String text, String where) {
        if (text == null || text.isBlank()) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        String trimmed = text.strip();
        Optional<JsonObject> parsed = trimmed.startsWith("\"") ? unwrapDoubleEncoded(trimmed)
                : JsonRepair.parseObject(trimmed);
        return parsed.orElseGet(() -> {
            LOG.log(Level.WARNING, "arguments of tool call {0} are not a JSON object ({1} chars); kept as _raw",
                    new Object[]{where, text.length()});
            return Jsons.objectBuilder().add(RAW_KEY, text).build();
        });
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

    /** Some clients encode the arguments twice: {@code "{\"a\":1}"}. */
    private static Optional<JsonObject> unwrapDoubleEncoded(String text) {
        if (!text.startsWith("\"")) {
            return Optional.empty();
        }
        try {
            JsonValue v = Jsons.parseValue(text);
            return v instanceof JsonString s ? JsonRepair.parseObject(s.getString()) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty(); // not a JSON string either: the caller keeps the text as _raw
        }
    }
}
