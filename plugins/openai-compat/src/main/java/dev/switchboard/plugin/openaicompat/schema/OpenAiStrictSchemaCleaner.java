package dev.switchboard.plugin.openaicompat.schema;

import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code openai-strict} schema cleaning, for backends that enforce OpenAI's strict
 * structured-output rules: {@code $schema} is removed; every object is closed ({@code additionalProperties:false})
 * and lists all its properties in {@code required}; properties that were optional become nullable, so the model
 * can still leave them out by sending {@code null}. References stay (strict mode supports {@code $defs}); the
 * definitions are cleaned too. Stateless.
 */
final class OpenAiStrictSchemaCleaner {
    private static final int MAX_DEPTH = 64;
    private static final JsonObject NULL_TYPE = Jsons.objectBuilder().add("type", "null").build();

    private OpenAiStrictSchemaCleaner() {
    }

    static JsonObject clean(JsonObject schema) {
        return node(schema, 0);
    }

    private static JsonObject node(JsonObject n, int depth) {
        if (depth > MAX_DEPTH) {
            return n;
        }
        Map<String, JsonValue> m = new LinkedHashMap<>(n);
        m.remove("$schema");
        for (String key : List.of("$defs", "definitions")) {
            if (m.get(key) instanceof JsonObject defs) {
                JsonObjectBuilder out = Jsons.objectBuilder();
                defs.forEach((name, d) -> out.add(name, d instanceof JsonObject o ? node(o, depth + 1) : d));
                m.put(key, out.build());
            }
        }
        for (String key : List.of("anyOf", "oneOf", "allOf")) {
            if (m.get(key) instanceof JsonArray branches) {
                m.put(key, cleanAll(branches, depth));
            }
        }
        if (m.get("items") instanceof JsonObject items) {
            m.put("items", node(items, depth + 1));
        } else if (m.get("items") instanceof JsonArray tuple) {
            m.put("items", cleanAll(tuple, depth));
        }
        if (isObject(m)) {
            JsonObject props = m.get("properties") instanceof JsonObject p ? p : JsonValue.EMPTY_JSON_OBJECT;
            Set<String> required = new HashSet<>();
            if (m.get("required") instanceof JsonArray r) {
                r.forEach(v -> {
                    if (v instanceof JsonString s) {
                        required.add(s.getString());
                    }
                });
            }
            JsonObjectBuilder cleaned = Jsons.objectBuilder();
            JsonArrayBuilder all = Jsons.arrayBuilder();
            props.forEach((name, schema) -> {
                JsonObject c = schema instanceof JsonObject o ? node(o, depth + 1) : JsonValue.EMPTY_JSON_OBJECT;
                cleaned.add(name, required.contains(name) ? c : nullable(c));
                all.add(name);
            });
            m.put("properties", cleaned.build());
            m.put("required", all.build());
            m.put("additionalProperties", JsonValue.FALSE);
        }
        return Jsons.objectBuilder(m).build();
    }

    private static JsonArray cleanAll(JsonArray schemas, int depth) {
        JsonArrayBuilder out = Jsons.arrayBuilder();
        schemas.forEach(v -> out.add(v instanceof JsonObject o ? node(o, depth + 1) : v));
        return out.build();
    }

    private static boolean isObject(Map<String, JsonValue> m) {
        JsonValue t = m.get("type");
        if (t instanceof JsonString s) {
            return s.getString().equals("object");
        }
        if (t instanceof JsonArray types) {
            return types.contains(Jsons.value("object"));
        }
        return m.containsKey("properties");
    }

    /** The schema, also accepting {@code null}. A schema without a type already accepts it. */
    static JsonObject nullable(JsonObject s) {
        if (s.containsKey("$ref")) {
            return Jsons.objectBuilder().add("anyOf", Jsons.arrayBuilder().add(s).add(NULL_TYPE)).build();
        }
        JsonObjectBuilder b = Jsons.objectBuilder(s);
        JsonValue t = s.get("type");
        if (t instanceof JsonString ts) {
            if (ts.getString().equals("null")) {
                return s;
            }
            b.add("type", Jsons.arrayBuilder().add(ts).add("null"));
        } else if (t instanceof JsonArray types) {
            if (!types.contains(Jsons.value("null"))) {
                b.add("type", Jsons.arrayBuilder(types).add("null"));
            }
        } else if (s.get("anyOf") instanceof JsonArray branches) {
            if (!branches.contains(NULL_TYPE)) {
                b.add("anyOf", Jsons.arrayBuilder(branches).add(NULL_TYPE));
            }
            return b.build();
        } else {
            return s;
        }
        if (s.get("enum") instanceof JsonArray values && !values.contains(JsonValue.NULL)) {
            b.add("enum", Jsons.arrayBuilder(values).addNull());
        }
        return b.build();
    }
}
