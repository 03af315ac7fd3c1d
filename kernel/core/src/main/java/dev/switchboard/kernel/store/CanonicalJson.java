package dev.switchboard.kernel.store;

import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON text with object keys sorted at every level, so that equal values give equal fingerprints whatever
 * order the YAML listed them in. Stateless; thread-safe.
 */
final class CanonicalJson {

    private CanonicalJson() {
    }

    static String write(JsonValue v) {
        StringBuilder sb = new StringBuilder();
        append(sb, v);
        return sb.toString();
    }

    private static void append(StringBuilder sb, JsonValue v) {
        switch (v.getValueType()) {
            case OBJECT -> {
                sb.append('{');
                boolean first = true;
                for (Map.Entry<String, JsonValue> e : new TreeMap<>((JsonObject) v).entrySet()) {
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    sb.append(Jsons.value(e.getKey())).append(':');
                    append(sb, e.getValue());
                }
                sb.append('}');
            }
            case ARRAY -> {
                sb.append('[');
                boolean first = true;
                for (JsonValue item : (JsonArray) v) {
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    append(sb, item);
                }
                sb.append(']');
            }
            default -> sb.append(v);
        }
    }
}
