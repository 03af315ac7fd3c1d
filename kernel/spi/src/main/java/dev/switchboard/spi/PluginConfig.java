package dev.switchboard.spi;

import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A read-only view of one configuration node (a provider instance, or a part of it), after environment
 * overrides and {@code ${VAR}} resolution. Keys are kebab-case ({@code base-url}), plugin keys too. Scalars arrive as strings
 * from YAML and are parsed here, so a problem is reported with the file and full key path.
 *
 * <p>Immutable and thread-safe.
 */
public final class PluginConfig {
    private final String source;
    private final String path;
    private final JsonObject node;

    /**
     * @param source file name for messages ({@code conf/gateway.yaml})
     * @param path   key path of this node ({@code providers[0]})
     * @param node   the node's content
     */
    public PluginConfig(String source, String path, JsonObject node) {
        this.source = source;
        this.path = path;
        this.node = node == null ? JsonValue.EMPTY_JSON_OBJECT : node;
    }

    /** Builds a config from a JSON object, for tests and programmatic setups. */
    public static PluginConfig of(JsonObject node) {
        return new PluginConfig("config", "", node);
    }

    public String source() {
        return source;
    }

    public String path() {
        return path;
    }

    /** The raw node. */
    public JsonObject json() {
        return node;
    }

    /** Keys present in this node, in file order. */
    public Set<String> keys() {
        return new LinkedHashSet<>(node.keySet());
    }

    public boolean has(String key) {
        return node.containsKey(key) && !node.isNull(key);
    }

    /** Full path of a key under this node, for messages. */
    public String keyPath(String key) {
        return path == null || path.isEmpty() ? key : path + "." + key;
    }

    /** A problem about {@code key}, worded for the user. */
    public ConfigException problem(String key, String message) {
        return new ConfigException(source, keyPath(key), message);
    }

    public Optional<String> string(String key) {
        if (!has(key)) {
            return Optional.empty();
        }
        JsonValue v = node.get(key);
        return switch (v.getValueType()) {
            case STRING -> Optional.of(((JsonString) v).getString());
            case NUMBER, TRUE, FALSE -> Optional.of(v.toString());
            default -> Optional.empty();
        };
    }

    public String string(String key, String defaultValue) {
        return string(key).orElse(defaultValue);
    }

    /** A required, non-blank string. Unresolved {@code ${VAR}} placeholders are rejected. */
    public String requireString(String key) throws ConfigException {
        String v = string(key).orElse(null);
        if (v == null || v.isBlank()) {
            throw problem(key, "is required");
        }
        if (isUnresolved(v)) {
            throw problem(key, "environment variable " + v + " is not set");
        }
        return v;
    }

    /** A secret value: like {@link #string(String)} but a left-over {@code ${VAR}} is an error. */
    public Optional<String> secret(String key) throws ConfigException {
        Optional<String> v = string(key);
        if (v.isPresent() && isUnresolved(v.get())) {
            throw problem(key, "environment variable " + v.get() + " is not set");
        }
        return v.filter(s -> !s.isBlank());
    }

    /** True for a value that is still a {@code ${VAR}} placeholder. */
    public static boolean isUnresolved(String v) {
        return v != null && v.contains("${") && v.contains("}");
    }

    public Optional<Integer> integer(String key) throws ConfigException {
        Optional<String> s = string(key);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(s.get().trim()));
        } catch (NumberFormatException e) {
            throw problem(key, "must be an integer, got '" + s.get() + "'");
        }
    }

    public int integer(String key, int defaultValue) throws ConfigException {
        return integer(key).orElse(defaultValue);
    }

    public Optional<Long> longValue(String key) throws ConfigException {
        Optional<String> s = string(key);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(s.get().trim()));
        } catch (NumberFormatException e) {
            throw problem(key, "must be an integer, got '" + s.get() + "'");
        }
    }

    public Optional<Double> decimal(String key) throws ConfigException {
        Optional<String> s = string(key);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Double.parseDouble(s.get().trim()));
        } catch (NumberFormatException e) {
            throw problem(key, "must be a number, got '" + s.get() + "'");
        }
    }

    /** Booleans: true/false, yes/no, on/off (YAML 1.1 reads an unquoted {@code off} as false, so false means off). */
    public boolean bool(String key, boolean defaultValue) throws ConfigException {
        Optional<String> s = string(key);
        if (s.isEmpty()) {
            return defaultValue;
        }
        return switch (s.get().trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw problem(key, "must be true or false, got '" + s.get() + "'");
        };
    }

    /**
     * A duration: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}, ISO-8601 ({@code PT30S}), or a
     * bare number in {@code bareUnit}.
     */
    public Optional<Duration> duration(String key, java.time.temporal.ChronoUnit bareUnit) throws ConfigException {
        Optional<String> s = string(key);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        Duration d = parseDuration(s.get(), bareUnit);
        if (d == null) {
            throw problem(key, "must be a duration such as 30s, 5m or PT30S, got '" + s.get() + "'");
        }
        return Optional.of(d);
    }

    /** Parses the duration forms of {@link #duration}; null when malformed. */
    public static Duration parseDuration(String raw, java.time.temporal.ChronoUnit bareUnit) {
        String v = raw.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("p")) {
                return Duration.parse(v.toUpperCase(Locale.ROOT));
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).trim()));
            }
            char unit = v.charAt(v.length() - 1);
            if (Character.isDigit(unit)) {
                return Duration.of(Long.parseLong(v), bareUnit);
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1).trim());
            return switch (unit) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> null;
            };
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** An absolute http(s) URL without a trailing slash. */
    public Optional<String> url(String key) throws ConfigException {
        Optional<String> s = string(key);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        String v = s.get().trim();
        try {
            URI u = URI.create(v);
            if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
                    || u.getHost() == null) {
                throw problem(key, "must be an absolute http(s) URL, got '" + v + "'");
            }
        } catch (IllegalArgumentException e) {
            throw problem(key, "must be an absolute http(s) URL, got '" + v + "'");
        }
        return Optional.of(v.endsWith("/") ? v.substring(0, v.length() - 1) : v);
    }

    /** A nested object. */
    public Optional<PluginConfig> child(String key) throws ConfigException {
        if (!has(key)) {
            return Optional.empty();
        }
        JsonValue v = node.get(key);
        if (v.getValueType() != JsonValue.ValueType.OBJECT) {
            throw problem(key, "must be a mapping");
        }
        return Optional.of(new PluginConfig(source, keyPath(key), v.asJsonObject()));
    }

    /** A list of objects ({@code accounts:}, {@code models:}). */
    public List<PluginConfig> children(String key) throws ConfigException {
        if (!has(key)) {
            return List.of();
        }
        JsonValue v = node.get(key);
        if (v.getValueType() != JsonValue.ValueType.ARRAY) {
            throw problem(key, "must be a list");
        }
        JsonArray arr = v.asJsonArray();
        List<PluginConfig> out = new ArrayList<>(arr.size());
        for (int i = 0; i < arr.size(); i++) {
            JsonValue e = arr.get(i);
            if (e.getValueType() != JsonValue.ValueType.OBJECT) {
                throw problem(key + "[" + i + "]", "must be a mapping");
            }
            out.add(new PluginConfig(source, keyPath(key) + "[" + i + "]", e.asJsonObject()));
        }
        return out;
    }

    /** A list of scalars; a single scalar counts as a one-element list. */
    public List<String> strings(String key) throws ConfigException {
        if (!has(key)) {
            return List.of();
        }
        JsonValue v = node.get(key);
        List<String> out = new ArrayList<>();
        if (v.getValueType() == JsonValue.ValueType.ARRAY) {
            for (JsonValue e : v.asJsonArray()) {
                switch (e.getValueType()) {
                    case STRING -> out.add(((JsonString) e).getString());
                    case NUMBER, TRUE, FALSE -> out.add(e.toString());
                    default -> throw problem(key, "must be a list of values");
                }
            }
            return out;
        }
        string(key).ifPresent(out::add);
        return out;
    }

    /** A mapping of scalar values ({@code extra-headers:}, {@code model-redirects:}), in file order. */
    public Map<String, String> stringMap(String key) throws ConfigException {
        Map<String, String> out = new LinkedHashMap<>();
        if (!has(key)) {
            return out;
        }
        JsonValue v = node.get(key);
        if (v.getValueType() != JsonValue.ValueType.OBJECT) {
            throw problem(key, "must be a mapping");
        }
        for (Map.Entry<String, JsonValue> e : v.asJsonObject().entrySet()) {
            JsonValue ev = e.getValue();
            switch (ev.getValueType()) {
                case STRING -> out.put(e.getKey(), ((JsonString) ev).getString());
                case NUMBER, TRUE, FALSE -> out.put(e.getKey(), ev.toString());
                case NULL -> out.put(e.getKey(), "");
                default -> throw problem(key + "." + e.getKey(), "must be a single value");
            }
        }
        return out;
    }

    /** Fails on keys of this node that are not in {@code known} (typos stop startup). */
    public void rejectUnknownKeys(Set<String> known) throws ConfigException {
        for (String k : node.keySet()) {
            if (!known.contains(k)) {
                throw problem(k, "unknown key (known keys: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        }
    }

    /** A copy of this config with one value replaced, for tests. */
    public PluginConfig with(String key, String value) {
        return new PluginConfig(source, path, Jsons.objectBuilder(node).add(key, value).build());
    }

    @Override
    public String toString() {
        return "PluginConfig[" + source + ":" + path + " keys=" + node.keySet() + "]";
    }
}
