package dev.switchboard.plugin.openaicompat.schema;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Test helper: the keywords a schema uses, skipping property names (data) and enum/required values. */
public final class SchemaKeywords {
    private SchemaKeywords() {
    }

    public static Set<String> of(JsonValue schema) {
        Set<String> out = new HashSet<>();
        collect(schema, out);
        return out;
    }

    private static void collect(JsonValue v, Set<String> out) {
        if (v instanceof JsonObject o) {
            for (Map.Entry<String, JsonValue> e : o.entrySet()) {
                out.add(e.getKey());
                if (e.getKey().equals("properties") && e.getValue() instanceof JsonObject props) {
                    props.values().forEach(p -> collect(p, out));
                } else if (!e.getKey().equals("enum") && !e.getKey().equals("required")) {
                    collect(e.getValue(), out);
                }
            }
        } else if (v instanceof JsonArray a) {
            a.forEach(x -> collect(x, out));
        }
    }
}
