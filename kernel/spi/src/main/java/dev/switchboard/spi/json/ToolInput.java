package dev.switchboard.spi.json;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one policy for turning tool-call arguments text into the JSON object a canonical {@code tool_use} carries: the
 * wire codecs' {@code ToolArguments} (client and upstream arguments strings) and the SPI's stream fold
 * ({@code StreamAccumulator}, streamed input fragments) both use it, so a broken argument folds the same way
 * wherever it came from. In order:
 * <ol>
 *   <li>missing or blank → {@code {}} (a call without arguments)</li>
 *   <li>a string that parses as an object → that object</li>
 *   <li>double-encoded text ({@code "{\"a\":1}"}) → the inner object</li>
 *   <li>"almost JSON" → repaired by {@link JsonRepair}: markdown fences and prose around the object dropped,
 *       a truncated object closed, at most a few half-written trailing members cut; it never invents keys</li>
 *   <li>anything else → {@code {"_raw": text}}, with a warning: the call is never dropped (its result in the next
 *       turn would be orphaned) and the text is never thrown away, so what the model or client sent still reaches
 *       the other side and the logs can show its length</li>
 * </ol>
 * Stateless and thread-safe.
 *
 * @since 2.2.0
 */
public final class ToolInput {
    /** The key under which unrepairable arguments are kept. */
    public static final String RAW_KEY = "_raw";

    private static final Logger LOG = Logger.getLogger(ToolInput.class.getName());

    private ToolInput() {
    }

    /**
     * The arguments text as an object, by the policy of the class comment.
     *
     * @param where where the text came from, for the warning ({@code messages[1].tool_calls[0]}, a tool name)
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

    /** Some clients encode the arguments twice: {@code "{\"a\":1}"}. */
    private static Optional<JsonObject> unwrapDoubleEncoded(String text) {
        try {
            JsonValue v = Jsons.parseValue(text);
            return v instanceof JsonString s ? JsonRepair.parseObject(s.getString()) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty(); // not a JSON string either: the caller keeps the text as _raw
        }
    }
}
