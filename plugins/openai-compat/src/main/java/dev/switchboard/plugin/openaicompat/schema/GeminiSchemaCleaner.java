package dev.switchboard.plugin.openaicompat.schema;

import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code gemini} schema cleaning (plugins/openai-compat/README.md#schema-cleaning): Gemini-class backends reject
 * the first keyword they do not know ({@code $schema}, {@code additionalProperties}, {@code exclusiveMinimum}, ...), so
 * every schema node is rewritten into the subset they accept:
 * <ol>
 *   <li>{@code $ref} is inlined (a cycle becomes {@code {type:"object"}}); definition maps are deleted;</li>
 *   <li>{@code type:[T,"null"]} becomes {@code type:T, nullable:true}; several non-null types become {@code anyOf};
 *       a null branch of {@code anyOf}/{@code oneOf} is removed and sets {@code nullable}; a lone branch is
 *       flattened into its parent;</li>
 *   <li>{@code oneOf} becomes {@code anyOf}; {@code allOf} is merged into its parent; {@code const:X} becomes
 *       {@code enum:[X]}; {@code exclusiveMinimum:N} becomes {@code minimum:N} (likewise the maximum);</li>
 *   <li>every node is filtered through {@link #ALLOWED}; the keys of a {@code properties} map are data and are
 *       never filtered (a property may be named {@code additionalProperties});</li>
 *   <li>{@code format} stays only as {@code enum}/{@code date-time} on strings; {@code enum} stays only on strings,
 *       with its values stringified (on other types the values move into the description);</li>
 *   <li>{@code items:{}} (or an array without {@code items}) becomes {@code items:{type:"object"}};
 *       {@code properties} without a type get {@code type:"object"}; {@code required} keeps only declared properties; under {@code anyOf} the siblings
 *       are dropped and the description is pushed into the branches.</li>
 * </ol>
 * One cleaner per schema: it keeps the root, the chain of references being inlined and the dropped keywords in
 * fields, and is not thread-safe.
 */
final class GeminiSchemaCleaner {
    /** The keywords Gemini-class backends accept on a schema node. */
    static final Set<String> ALLOWED = Set.of("type", "format", "title", "description", "nullable", "enum", "items",
            "properties", "required", "minItems", "maxItems", "minProperties", "maxProperties", "minLength",
            "maxLength", "pattern", "minimum", "maximum", "example", "anyOf", "propertyOrdering", "default");
    private static final Set<String> FORMATS = Set.of("enum", "date-time");
    private static final JsonObject ANY_OBJECT = Jsons.objectBuilder().add("type", "object").build();
    /** Deeper nesting than this is cut (a guard against pathological or adversarial schemas). */
    private static final int MAX_DEPTH = 64;
    private static final int MAX_ALL_OF_ROUNDS = 8;

    private final JsonObject root;
    private final Deque<String> inlining = new ArrayDeque<>();
    private final Set<String> dropped = new TreeSet<>();

    GeminiSchemaCleaner(JsonObject root) {
        this.root = root;
    }

    /** The cleaned schema. */
    JsonObject clean() {
        return node(root, 0);
    }

    /** Keywords removed or rewritten while cleaning (for the log). */
    Set<String> dropped() {
        return dropped;
    }

    private JsonObject node(JsonObject n, int depth) {
        if (depth > MAX_DEPTH) {
            dropped.add("(nesting deeper than " + MAX_DEPTH + ")");
            return ANY_OBJECT;
        }
        if (n.get("$ref") instanceof JsonString refValue) {
            return inline(n, refValue.getString(), depth);
        }
        Map<String, JsonValue> m = new LinkedHashMap<>(n);
        for (String defs : List.of("$defs", "definitions", "$schema", "$id")) {
            if (m.remove(defs) != null) {
                dropped.add(defs);
            }
        }
        mergeAllOf(m);
        boolean nullable = normalizeType(m);
        if (m.containsKey("oneOf")) {
            dropped.add("oneOf");
            JsonValue one = m.remove("oneOf");
            m.put("anyOf", concat(m.get("anyOf"), one));
        }
        if (m.containsKey("anyOf")) {
            nullable |= anyOf(m, depth);
        }
        if (m.containsKey("const")) {
            dropped.add("const");
            JsonValue c = m.remove("const");
            m.putIfAbsent("enum", Jsons.arrayBuilder().add(c).build());
        }
        exclusiveBound(m, "exclusiveMinimum", "minimum");
        exclusiveBound(m, "exclusiveMaximum", "maximum");
        if (m.get("examples") instanceof JsonArray ex && !ex.isEmpty()) {
            m.putIfAbsent("example", ex.get(0));
        }
        properties(m, depth);
        items(m, depth);
        required(m);
        String type = m.get("type") instanceof JsonString s ? s.getString() : null;
        format(m, type);
        nullable |= enumValues(m, type);
        if (m.get("anyOf") instanceof JsonArray branches) {
            return underAnyOf(m, branches, nullable);
        }
        JsonObjectBuilder out = Jsons.objectBuilder();
        m.forEach((k, v) -> {
            if (ALLOWED.contains(k)) {
                out.add(k, v);
            } else {
                dropped.add(k);
            }
        });
        if (nullable) {
            out.add("nullable", true);
        }
        return out.build();
    }

    /** Step 1: replaces a reference by its target (siblings such as a description win); a cycle is cut. */
    private JsonObject inline(JsonObject n, String ref, int depth) {
        JsonObject target = SchemaRefs.resolve(root, ref);
        if (target == null || inlining.contains(ref)) {
            dropped.add(target == null ? "$ref (unresolvable)" : "$ref (cycle cut)");
            JsonObjectBuilder cut = Jsons.objectBuilder(ANY_OBJECT);
            if (n.get("description") instanceof JsonString d) {
                cut.add("description", d);
            }
            return cut.build();
        }
        JsonObjectBuilder merged = Jsons.objectBuilder(target);
        n.forEach((k, v) -> {
            if (!k.equals("$ref")) {
                merged.add(k, v);
            }
        });
        inlining.push(ref);
        try {
            return node(merged.build(), depth + 1);
        } finally {
            inlining.pop();
        }
    }

    /** Step 3: {@code allOf} branches are merged into the node (properties and required are united). */
    private void mergeAllOf(Map<String, JsonValue> m) {
        for (int round = 0; round < MAX_ALL_OF_ROUNDS && m.get("allOf") instanceof JsonArray all; round++) {
            m.remove("allOf");
            for (JsonValue v : all) {
                if (v.getValueType() != JsonValue.ValueType.OBJECT) {
                    continue;
                }
                JsonObject branch = v.asJsonObject();
                if (branch.get("$ref") instanceof JsonString ref) {
                    JsonObject target = inlining.contains(ref.getString()) ? null : SchemaRefs.resolve(root, ref.getString());
                    if (target == null) {
                        dropped.add("allOf $ref (unresolvable or cyclic)");
                        continue;
                    }
                    JsonObjectBuilder b = Jsons.objectBuilder(target);
                    branch.forEach((k, val) -> {
                        if (!k.equals("$ref")) {
                            b.add(k, val);
                        }
                    });
                    branch = b.build();
                }
                branch.forEach((k, val) -> mergeKey(m, k, val));
            }
        }
        if (m.remove("allOf") != null) {
            dropped.add("allOf (nested too deep)");
        }
    }

    private static void mergeKey(Map<String, JsonValue> m, String k, JsonValue val) {
        JsonValue mine = m.get(k);
        if (mine == null) {
            m.put(k, val);
        } else if (k.equals("properties") && mine instanceof JsonObject a && val instanceof JsonObject b) {
            JsonObjectBuilder u = Jsons.objectBuilder(b);
            a.forEach(u::add); // the node's own definitions win over the branch's
            m.put(k, u.build());
        } else if (k.equals("required") && mine instanceof JsonArray a && val instanceof JsonArray b) {
            Set<JsonValue> u = new LinkedHashSet<>(a);
            u.addAll(b);
            m.put(k, Jsons.arrayBuilder(new ArrayList<>(u)).build());
        }
    }

    /** Step 2 for {@code type}: arrays and {@code "null"}. Returns whether the node is nullable. */
    private boolean normalizeType(Map<String, JsonValue> m) {
        boolean nullable = m.get("nullable") == JsonValue.TRUE;
        JsonValue type = m.get("type");
        if (type instanceof JsonArray types) {
            dropped.add("type array");
            List<String> nonNull = new ArrayList<>();
            for (JsonValue t : types) {
                if (t instanceof JsonString s) {
                    if (s.getString().equals("null")) {
                        nullable = true;
                    } else {
                        nonNull.add(s.getString());
                    }
                }
            }
            m.remove("type");
            if (nonNull.size() == 1) {
                m.put("type", Jsons.value(nonNull.get(0)));
            } else if (nonNull.size() > 1) {
                JsonArrayBuilder branches = Jsons.arrayBuilder();
                nonNull.forEach(t -> branches.add(Jsons.objectBuilder().add("type", t)));
                m.put("anyOf", concat(m.get("anyOf"), branches.build()));
            }
        } else if (type instanceof JsonString s && s.getString().equals("null")) {
            m.remove("type");
            nullable = true;
        }
        return nullable;
    }

    /** Step 2 for {@code anyOf}: cleans the branches, drops null branches, flattens a lone one. */
    private boolean anyOf(Map<String, JsonValue> m, int depth) {
        JsonValue raw = m.remove("anyOf");
        boolean nullable = false;
        List<JsonObject> branches = new ArrayList<>();
        if (raw instanceof JsonArray arr) {
            for (JsonValue b : arr) {
                if (b.getValueType() != JsonValue.ValueType.OBJECT) {
                    continue;
                }
                JsonObject c = node(b.asJsonObject(), depth + 1);
                if (isNullOnly(c)) {
                    nullable = true;
                } else {
                    branches.add(c);
                }
            }
        }
        if (branches.size() == 1) {
            branches.get(0).forEach((k, v) -> {
                if (!(k.equals("description") && m.containsKey("description"))) {
                    m.put(k, v);
                }
            });
            nullable |= m.get("nullable") == JsonValue.TRUE;
        } else if (branches.size() > 1) {
            m.put("anyOf", Jsons.arrayBuilder(new ArrayList<>(branches)).build());
        }
        return nullable;
    }

    private static boolean isNullOnly(JsonObject c) {
        return c.get("nullable") == JsonValue.TRUE && !c.containsKey("type") && !c.containsKey("anyOf")
                && !c.containsKey("properties") && !c.containsKey("items") && !c.containsKey("enum");
    }

    private void exclusiveBound(Map<String, JsonValue> m, String exclusive, String inclusive) {
        JsonValue v = m.remove(exclusive);
        if (v != null) {
            dropped.add(exclusive);
            if (v instanceof JsonNumber) {
                m.putIfAbsent(inclusive, v);
            }
        }
    }

    /** Cleans each property schema; the property names themselves are never touched. */
    private void properties(Map<String, JsonValue> m, int depth) {
        JsonValue p = m.get("properties");
        if (p == null) {
            return;
        }
        if (!(p instanceof JsonObject props)) {
            m.remove("properties");
            return;
        }
        JsonObjectBuilder out = Jsons.objectBuilder();
        props.forEach((name, schema) -> out.add(name, schema instanceof JsonObject o ? node(o, depth + 1)
                : JsonValue.EMPTY_JSON_OBJECT));
        m.put("properties", out.build());
        if (!m.containsKey("type") && !m.containsKey("anyOf")) {
            m.put("type", Jsons.value("object"));
        }
    }

    private void items(Map<String, JsonValue> m, int depth) {
        JsonValue items = m.get("items");
        if (items == null) {
            if (m.get("type") instanceof JsonString t && t.getString().equals("array")) {
                m.put("items", ANY_OBJECT); // Gemini: "parameters.properties[x].items: missing field"
            }
            return;
        }
        JsonObject schema = null;
        if (items instanceof JsonObject o) {
            schema = o;
        } else if (items instanceof JsonArray tuple) {
            dropped.add("items (tuple)");
            schema = tuple.stream().filter(v -> v instanceof JsonObject).map(JsonValue::asJsonObject).findFirst()
                    .orElse(JsonValue.EMPTY_JSON_OBJECT);
        }
        if (schema == null) {
            dropped.add("items (boolean)");
            m.put("items", ANY_OBJECT);
            return;
        }
        JsonObject c = node(schema, depth + 1);
        m.put("items", c.isEmpty() ? ANY_OBJECT : c);
    }

    /** Step 6: {@code required} names only declared properties, and only where there are properties. */
    private static void required(Map<String, JsonValue> m) {
        JsonValue req = m.get("required");
        if (req == null) {
            return;
        }
        if (!(req instanceof JsonArray names) || !(m.get("properties") instanceof JsonObject props)) {
            m.remove("required");
            return;
        }
        JsonArrayBuilder kept = Jsons.arrayBuilder();
        int n = 0;
        for (JsonValue v : names) {
            if (v instanceof JsonString s && props.containsKey(s.getString())) {
                kept.add(s);
                n++;
            }
        }
        if (n == 0) {
            m.remove("required");
        } else {
            m.put("required", kept.build());
        }
    }

    private void format(Map<String, JsonValue> m, String type) {
        JsonValue f = m.get("format");
        if (f != null && !("string".equals(type) && f instanceof JsonString s && FORMATS.contains(s.getString()))) {
            dropped.add("format");
            m.remove("format");
        }
    }

    /** Step 5. Returns true when the enum listed {@code null} (which becomes {@code nullable}). */
    private boolean enumValues(Map<String, JsonValue> m, String type) {
        JsonValue e = m.get("enum");
        if (e == null) {
            return false;
        }
        m.remove("enum");
        if (!(e instanceof JsonArray values)) {
            dropped.add("enum (not a list)");
            return false;
        }
        boolean hadNull = false;
        List<String> texts = new ArrayList<>();
        for (JsonValue v : values) {
            if (v.getValueType() == JsonValue.ValueType.NULL) {
                hadNull = true;
            } else {
                texts.add(v instanceof JsonString s ? s.getString() : v.toString());
            }
        }
        if (texts.isEmpty()) {
            return hadNull;
        }
        if (type == null || type.equals("string")) {
            JsonArrayBuilder arr = Jsons.arrayBuilder();
            texts.forEach(arr::add);
            m.put("enum", arr.build());
            m.put("type", Jsons.value("string"));
        } else {
            // An enum on a number or boolean would be rejected; keep the information for the model.
            dropped.add("enum on " + type);
            String note = "Allowed values: " + String.join(", ", texts) + ".";
            String desc = m.get("description") instanceof JsonString d ? d.getString() + "\n" + note : note;
            m.put("description", Jsons.value(desc));
        }
        return hadNull;
    }

    /** Step 6: a node with {@code anyOf} keeps nothing else; its description and nullability move into the branches. */
    private JsonObject underAnyOf(Map<String, JsonValue> m, JsonArray branches, boolean nullable) {
        JsonValue description = m.get("description");
        m.keySet().stream().filter(k -> !k.equals("anyOf") && !k.equals("description") && !k.equals("nullable"))
                .forEach(k -> dropped.add(k + " (beside anyOf)"));
        JsonArrayBuilder out = Jsons.arrayBuilder();
        for (JsonValue b : branches) {
            JsonObjectBuilder branch = Jsons.objectBuilder(b.asJsonObject());
            if (description != null && !b.asJsonObject().containsKey("description")) {
                branch.add("description", description);
            }
            if (nullable) {
                branch.add("nullable", true);
            }
            out.add(branch);
        }
        return Jsons.objectBuilder().add("anyOf", out).build();
    }

    private static JsonArray concat(JsonValue a, JsonValue b) {
        JsonArrayBuilder out = Jsons.arrayBuilder();
        for (JsonValue v : new JsonValue[]{a, b}) {
            if (v instanceof JsonArray arr) {
                arr.forEach(out::add);
            }
        }
        return out.build();
    }
}
