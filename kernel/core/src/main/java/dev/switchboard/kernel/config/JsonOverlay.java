package dev.switchboard.kernel.config;

import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies dotted-key overrides ({@code providers.0.base-url=...}) to a JSON tree: a numeric segment
 * addresses a list index (extending the list if needed), any other segment an object key. Mutable;
 * used by one thread while loading.
 */
final class JsonOverlay {
    private final Map<String, Object> root;

    JsonOverlay(JsonObject base) {
        this.root = toMutable(base);
    }

    /** Sets {@code dottedKey} to {@code value} if its first segment is one of {@code sections}. */
    void set(String dottedKey, String value, Set<String> sections) {
        String[] parts = dottedKey.split("\\.");
        if (parts.length < 2 || !sections.contains(parts[0])) {
            return;
        }
        Object node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            node = child(node, parts[i], isIndex(parts[i + 1]));
            if (node == null) {
                return; // the path crosses a scalar: not a key of ours
            }
        }
        String last = parts[parts.length - 1];
        if (node instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) map;
            m.put(last, value);
        } else if (node instanceof List<?> list && isIndex(last)) {
            @SuppressWarnings("unchecked")
            List<Object> l = (List<Object>) list;
            int idx = Integer.parseInt(last);
            while (l.size() <= idx) {
                l.add(new LinkedHashMap<String, Object>());
            }
            l.set(idx, value);
        }
    }

    JsonObject result() {
        return (JsonObject) toJson(root);
    }

    @SuppressWarnings("unchecked")
    private static Object child(Object node, String segment, boolean nextIsIndex) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> m = (Map<String, Object>) map;
            Object c = m.get(segment);
            if (c == null) {
                c = nextIsIndex ? new ArrayList<>() : new LinkedHashMap<String, Object>();
                m.put(segment, c);
            }
            return c instanceof String ? null : c;
        }
        if (node instanceof List<?> list && isIndex(segment)) {
            List<Object> l = (List<Object>) list;
            int idx = Integer.parseInt(segment);
            while (l.size() <= idx) {
                l.add(new LinkedHashMap<String, Object>());
            }
            Object c = l.get(idx);
            return c instanceof String ? null : c;
        }
        return null;
    }

    private static boolean isIndex(String s) {
        if (s.isEmpty() || s.length() > 6) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Object> toMutable(JsonObject o) {
        Map<String, Object> m = new LinkedHashMap<>();
        o.forEach((k, v) -> m.put(k, toMutableValue(v)));
        return m;
    }

    private static Object toMutableValue(JsonValue v) {
        return switch (v.getValueType()) {
            case OBJECT -> toMutable(v.asJsonObject());
            case ARRAY -> {
                List<Object> l = new ArrayList<>();
                for (JsonValue e : (JsonArray) v) {
                    l.add(toMutableValue(e));
                }
                yield l;
            }
            case STRING -> ((JsonString) v).getString();
            default -> v.toString();
        };
    }

    private static JsonValue toJson(Object o) {
        if (o instanceof Map<?, ?> m) {
            var b = Jsons.objectBuilder();
            m.forEach((k, v) -> b.add((String) k, toJson(v)));
            return b.build();
        }
        if (o instanceof List<?> l) {
            var b = Jsons.arrayBuilder();
            l.forEach(v -> b.add(toJson(v)));
            return b.build();
        }
        return Jsons.value((String) o);
    }
}
