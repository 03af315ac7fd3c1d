package dev.switchboard.plugin.factory.shaping;

import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Cleans a tool's JSON schema for Gemini-class backends, which
 * fail the whole request on the first keyword they do not know — Claude Code's {@code Read} tool alone has
 * three ({@code $schema}, {@code additionalProperties}, {@code exclusiveMinimum}). References are inlined
 * (a cycle becomes {@code {type:object}}), nullable type unions become {@code nullable}, {@code const}
 * becomes a one-value {@code enum}, {@code oneOf} becomes {@code anyOf}, and every node is filtered through
 * the allow-list — but the keys of a {@code properties} map are data and are never filtered. Stateless and
 * thread-safe.
 */
final class GeminiSchema {
    private static final Set<String> ALLOWED = Set.of("type", "format", "title", "description", "nullable", "enum",
            "items", "properties", "required", "minItems", "maxItems", "minProperties", "maxProperties", "minLength",
            "maxLength", "pattern", "minimum", "maximum", "example", "anyOf", "propertyOrdering", "default");

    private GeminiSchema() {
    }

    static JsonObject clean(JsonObject schema) {
        return clean(schema, schema, new HashSet<>());
    }

    private static JsonObject clean(JsonObject node, JsonObject root, Set<String> resolving) {
        String ref = node.containsKey("$ref") && node.get("$ref") instanceof JsonString s ? s.getString() : null;
        if (ref != null) {
            JsonObject target = resolve(root, ref);
            if (target == null || !resolving.add(ref)) {
                return Jsons.objectBuilder().add("type", "object").build(); // unknown or cyclic reference
            }
            JsonObject out = clean(target, root, resolving);
            resolving.remove(ref);
            return out;
        }
        JsonObjectBuilder b = Jsons.objectBuilder();
        boolean nullable = false;
        JsonValue type = node.get("type");
        if (type != null && type.getValueType() == JsonValue.ValueType.ARRAY) {
            List<String> types = new ArrayList<>();
            for (JsonValue t : type.asJsonArray()) {
                if (t instanceof JsonString ts) {
                    if (ts.getString().equals("null")) {
                        nullable = true;
                    } else {
                        types.add(ts.getString());
                    }
                }
            }
            if (types.size() == 1) {
                b.add("type", types.get(0));
            } else if (types.size() > 1) {
                JsonArrayBuilder any = Jsons.arrayBuilder();
                types.forEach(t -> any.add(Jsons.objectBuilder().add("type", t)));
                b.add("anyOf", any);
            }
        } else if (type instanceof JsonString ts && !ts.getString().equals("null")) {
            b.add("type", ts);
        }
        JsonArray anyOf = node.containsKey("anyOf") ? node.getJsonArray("anyOf")
                : node.containsKey("oneOf") && node.get("oneOf").getValueType() == JsonValue.ValueType.ARRAY
                ? node.getJsonArray("oneOf") : null;
        if (anyOf != null) {
            List<JsonObject> branches = new ArrayList<>();
            for (JsonValue v : anyOf) {
                if (v.getValueType() != JsonValue.ValueType.OBJECT) {
                    continue;
                }
                if (v.asJsonObject().get("type") instanceof JsonString ts && ts.getString().equals("null")) {
                    nullable = true;
                } else {
                    branches.add(clean(v.asJsonObject(), root, resolving));
                }
            }
            if (branches.size() == 1) {
                branches.get(0).forEach((k, v) -> b.add(k, v)); // a lone branch is flattened
            } else if (!branches.isEmpty()) {
                JsonArrayBuilder any = Jsons.arrayBuilder();
                branches.forEach(any::add);
                b.add("anyOf", any);
            }
        }
        JsonArray allOf = node.containsKey("allOf") && node.get("allOf").getValueType() == JsonValue.ValueType.ARRAY
                ? node.getJsonArray("allOf") : null;
        if (allOf != null && allOf.size() == 1 && allOf.get(0).getValueType() == JsonValue.ValueType.OBJECT) {
            clean(allOf.getJsonObject(0), root, resolving).forEach((k, v) -> b.add(k, v));
        }
        if (node.containsKey("const")) {
            b.add("enum", Jsons.arrayBuilder().add(stringified(node.get("const"))));
        }
        JsonObject props = node.containsKey("properties") && node.get("properties").getValueType() == JsonValue.ValueType.OBJECT
                ? node.getJsonObject("properties") : null;
        for (var e : node.entrySet()) {
            String k = e.getKey();
            JsonValue v = e.getValue();
            if (!ALLOWED.contains(k) || k.equals("type") || k.equals("anyOf")) {
                continue;
            }
            switch (k) {
                case "properties" -> {
                    JsonObjectBuilder pb = Jsons.objectBuilder();
                    props.forEach((name, p) -> pb.add(name, p.getValueType() == JsonValue.ValueType.OBJECT
                            ? clean(p.asJsonObject(), root, resolving) : Jsons.objectBuilder().build()));
                    b.add(k, pb);
                }
                case "items" -> b.add(k, v.getValueType() == JsonValue.ValueType.OBJECT && !v.asJsonObject().isEmpty()
                        ? clean(v.asJsonObject(), root, resolving) : Jsons.objectBuilder().add("type", "object").build());
                case "enum" -> {
                    if (v.getValueType() == JsonValue.ValueType.ARRAY) {
                        JsonArrayBuilder en = Jsons.arrayBuilder();
                        v.asJsonArray().forEach(x -> en.add(stringified(x)));
                        b.add(k, en);
                    }
                }
                case "format" -> {
                    if (v instanceof JsonString f && (f.getString().equals("enum") || f.getString().equals("date-time"))) {
                        b.add(k, v);
                    }
                }
                case "required" -> {
                    if (v.getValueType() == JsonValue.ValueType.ARRAY && props != null) {
                        JsonArrayBuilder req = Jsons.arrayBuilder();
                        v.asJsonArray().forEach(x -> {
                            if (x instanceof JsonString n && props.containsKey(n.getString())) {
                                req.add(x);
                            }
                        });
                        b.add(k, req);
                    }
                }
                default -> b.add(k, v);
            }
        }
        if (nullable) {
            b.add("nullable", true);
        }
        JsonObject out = b.build();
        if (props != null && !out.containsKey("type")) {
            out = Jsons.objectBuilder(out).add("type", "object").build();
        }
        return out;
    }

    private static JsonValue stringified(JsonValue v) {
        return v instanceof JsonString ? v : Jsons.value(v.toString());
    }

    /** A local {@code #/$defs/X} or {@code #/definitions/X} reference; null for anything else. */
    private static JsonObject resolve(JsonObject root, String ref) {
        for (String prefix : List.of("#/$defs/", "#/definitions/")) {
            if (ref.startsWith(prefix)) {
                String container = prefix.substring(2, prefix.length() - 1);
                JsonValue defs = root.get(container);
                if (defs != null && defs.getValueType() == JsonValue.ValueType.OBJECT) {
                    JsonValue t = defs.asJsonObject().get(ref.substring(prefix.length()));
                    return t != null && t.getValueType() == JsonValue.ValueType.OBJECT ? t.asJsonObject() : null;
                }
            }
        }
        return ref.equals("#") ? root : null;
    }
}
