package dev.switchboard.plugin.kiro.convert;

import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.Tool;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The {@code tools} list of {@code currentMessage} (plugins/kiro/README.md#what-kiro-rejects). Descriptions are cut to
 * the configured length at a code point, schemas normalised recursively, long names shortened (reversibly through
 * {@link ToolNames}), duplicate names dropped case-insensitively, tools used in the history but not declared get a
 * placeholder spec, and an optional cap applies. Tools Kiro cannot run (server tools) and deferred tools are left
 * out. One per conversion; not thread-safe.
 */
final class ToolSpecs {
    static final String PLACEHOLDER_DESCRIPTION = "Tool used in conversation history";
    /** Above this many tools Kiro has been seen to answer 400 (unverified). */
    static final int TOOL_COUNT_WARNING = 120;

    private final ToolNames toolNames;
    private final int maxDescriptionChars;
    private final int maxTools;
    private final Logger log;

    ToolSpecs(ToolNames toolNames, int maxDescriptionChars, int maxTools, Logger log) {
        this.toolNames = toolNames;
        this.maxDescriptionChars = maxDescriptionChars;
        this.maxTools = maxTools;
        this.log = log;
    }

    /**
     * The tool specs for the declared tools plus placeholders for the Kiro-side names in {@code usedInHistory}.
     *
     * @return {@code [{"toolSpecification":{...}}]}, possibly empty
     */
    List<JsonObject> build(List<Tool> declared, Set<String> usedInHistory) {
        Set<String> usedLower = new HashSet<>();
        usedInHistory.forEach(n -> usedLower.add(n.toLowerCase(Locale.ROOT)));
        List<JsonObject> specs = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (Tool t : declared) {
            if (!t.isFunction()) {
                log.warning(() -> "left out tool '" + t.name() + "' of type " + t.type()
                        + ": Kiro runs client tools only");
                continue;
            }
            String kiroName = toolNames.toKiro(t.name());
            String lower = kiroName.toLowerCase(Locale.ROOT);
            if (t.deferLoading() && !usedLower.contains(lower)) {
                log.fine(() -> "left out deferred tool '" + t.name() + "'");
                continue;
            }
            if (!names.add(lower)) {
                log.warning(() -> "dropped duplicate tool name '" + t.name() + "'");
                continue;
            }
            specs.add(spec(kiroName, description(t), normaliseSchema(t.inputSchema(), true)));
        }
        if (maxTools > 0 && specs.size() > maxTools) {
            int dropped = specs.size() - maxTools;
            log.warning(() -> "dropped the last " + dropped + " tools: max-tools is " + maxTools);
            List<JsonObject> kept = new ArrayList<>(specs.subList(0, maxTools));
            specs = kept;
            names.clear();
            for (JsonObject s : kept) {
                names.add(s.getJsonObject("toolSpecification").getString("name").toLowerCase(Locale.ROOT));
            }
        }
        for (String used : usedInHistory) {
            if (names.add(used.toLowerCase(Locale.ROOT))) {
                log.fine(() -> "added a placeholder spec for tool '" + used + "' used in the history");
                specs.add(spec(used, PLACEHOLDER_DESCRIPTION, Jsons.objectBuilder()
                        .add("type", "object").add("properties", JsonValue.EMPTY_JSON_OBJECT)
                        .add("required", JsonValue.EMPTY_JSON_ARRAY).add("additionalProperties", true).build()));
            }
        }
        if (specs.size() > TOOL_COUNT_WARNING) {
            int n = specs.size();
            log.warning(() -> "sending " + n + " tools; Kiro may reject more than about " + TOOL_COUNT_WARNING);
        }
        return specs;
    }

    private static JsonObject spec(String name, String description, JsonObject schema) {
        return Jsons.objectBuilder().add("toolSpecification", Jsons.objectBuilder()
                .add("name", name)
                .add("description", description)
                .add("inputSchema", Jsons.objectBuilder().add("json", schema))).build();
    }

    /** The description cut at a code point (Kiro answers 500 above 10 240); a blank one becomes the tool's name. */
    private String description(Tool t) {
        String d = t.description() == null || t.description().isBlank() ? t.name() : t.description();
        if (d.length() <= maxDescriptionChars) {
            return d;
        }
        int cut = maxDescriptionChars;
        if (Character.isHighSurrogate(d.charAt(cut - 1))) {
            cut--;
        }
        int original = d.length();
        int kept = cut;
        log.fine(() -> "cut the description of tool '" + t.name() + "' from " + original + " to " + kept + " chars");
        return d.substring(0, cut);
    }

    /**
     * What Kiro's schema check wants: {@code properties} an object, {@code required} an array of strings, no empty
     * {@code type}; recursively through nested schemas. The root is always {@code type: object} with
     * {@code properties}.
     */
    static JsonObject normaliseSchema(JsonObject schema, boolean root) {
        JsonObjectBuilder b = Jsons.objectBuilder();
        boolean hasProperties = false;
        for (var e : schema.entrySet()) {
            String k = e.getKey();
            JsonValue v = e.getValue();
            switch (k) {
                case "type" -> {
                    if (root) {
                        continue;
                    }
                    if (v.getValueType() == JsonValue.ValueType.NULL
                            || v instanceof JsonString s && s.getString().isBlank()
                            || v.getValueType() == JsonValue.ValueType.ARRAY && v.asJsonArray().isEmpty()) {
                        continue;
                    }
                    b.add(k, v);
                }
                case "properties" -> {
                    hasProperties = true;
                    b.add(k, v.getValueType() == JsonValue.ValueType.OBJECT ? normaliseMap(v.asJsonObject())
                            : JsonValue.EMPTY_JSON_OBJECT);
                }
                case "required" -> b.add(k, strings(v));
                case "items", "additionalProperties", "not", "contains", "propertyNames" ->
                        b.add(k, v.getValueType() == JsonValue.ValueType.OBJECT
                                ? normaliseSchema(v.asJsonObject(), false) : v);
                case "anyOf", "oneOf", "allOf", "prefixItems" -> b.add(k, normaliseList(v));
                case "$defs", "definitions", "patternProperties" ->
                        b.add(k, v.getValueType() == JsonValue.ValueType.OBJECT ? normaliseMap(v.asJsonObject()) : v);
                default -> b.add(k, v);
            }
        }
        if (root) {
            JsonObjectBuilder r = Jsons.objectBuilder().add("type", "object");
            JsonObject rest = b.build();
            if (!hasProperties) {
                r.add("properties", JsonValue.EMPTY_JSON_OBJECT);
            }
            rest.forEach(r::add);
            return r.build();
        }
        return b.build();
    }

    private static JsonObject normaliseMap(JsonObject map) {
        JsonObjectBuilder b = Jsons.objectBuilder();
        map.forEach((k, v) -> b.add(k, v.getValueType() == JsonValue.ValueType.OBJECT
                ? normaliseSchema(v.asJsonObject(), false) : v));
        return b.build();
    }

    private static JsonValue normaliseList(JsonValue v) {
        if (v.getValueType() != JsonValue.ValueType.ARRAY) {
            return v;
        }
        JsonArrayBuilder a = Jsons.arrayBuilder();
        for (JsonValue e : v.asJsonArray()) {
            a.add(e.getValueType() == JsonValue.ValueType.OBJECT ? normaliseSchema(e.asJsonObject(), false) : e);
        }
        return a.build();
    }

    private static JsonArray strings(JsonValue v) {
        JsonArrayBuilder a = Jsons.arrayBuilder();
        if (v.getValueType() == JsonValue.ValueType.ARRAY) {
            for (JsonValue e : v.asJsonArray()) {
                if (e instanceof JsonString s) {
                    a.add(s.getString());
                }
            }
        }
        return a.build();
    }
}
