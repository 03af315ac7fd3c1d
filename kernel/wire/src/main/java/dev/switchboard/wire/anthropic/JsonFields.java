package dev.switchboard.wire.anthropic;

import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.CacheControl;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Typed access to client JSON that turns every type or presence problem into
 * {@link GatewayException#invalid(String, String)} naming the exact field ({@code messages[2].content[0].type}).
 * jakarta.json's own getters throw {@link ClassCastException} or {@link NullPointerException} on bad
 * input, which must never escape a request reader. JSON {@code null} counts as absent for optional
 * fields. Stateless.
 */
public final class JsonFields {
    private JsonFields() {
    }

    /** {@code parent.key}, or {@code key} at the top level. */
    public static String path(String parent, String key) {
        return parent == null || parent.isEmpty() ? key : parent + "." + key;
    }

    /** {@code parent[i]}. */
    public static String index(String parent, int i) {
        return parent + "[" + i + "]";
    }

    public static GatewayException invalid(String param, String problem) {
        return GatewayException.invalid(param, param + ": " + problem);
    }

    public static boolean present(JsonObject o, String key) {
        JsonValue v = o.get(key);
        return v != null && v.getValueType() != JsonValue.ValueType.NULL;
    }

    public static JsonObject asObject(JsonValue v, String param) throws GatewayException {
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            throw invalid(param, "field required");
        }
        if (v.getValueType() != JsonValue.ValueType.OBJECT) {
            throw invalid(param, "expected an object, got " + typeName(v));
        }
        return v.asJsonObject();
    }

    static JsonObject requireObject(JsonObject o, String key, String parent) throws GatewayException {
        return asObject(o.get(key), path(parent, key));
    }

    public static JsonObject optObject(JsonObject o, String key, String parent) throws GatewayException {
        return present(o, key) ? requireObject(o, key, parent) : null;
    }

    public static JsonArray requireArray(JsonObject o, String key, String parent) throws GatewayException {
        String param = path(parent, key);
        JsonValue v = o.get(key);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            throw invalid(param, "field required");
        }
        if (v.getValueType() != JsonValue.ValueType.ARRAY) {
            throw invalid(param, "expected an array, got " + typeName(v));
        }
        return v.asJsonArray();
    }

    public static JsonArray optArray(JsonObject o, String key, String parent) throws GatewayException {
        return present(o, key) ? requireArray(o, key, parent) : null;
    }

    public static String requireString(JsonObject o, String key, String parent) throws GatewayException {
        String param = path(parent, key);
        JsonValue v = o.get(key);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            throw invalid(param, "field required");
        }
        if (!(v instanceof JsonString s)) {
            throw invalid(param, "expected a string, got " + typeName(v));
        }
        return s.getString();
    }

    /** A required string that must not be empty (ids, names, roles). */
    public static String requireNonEmpty(JsonObject o, String key, String parent) throws GatewayException {
        String s = requireString(o, key, parent);
        if (s.isEmpty()) {
            throw invalid(path(parent, key), "must not be empty");
        }
        return s;
    }

    public static String optString(JsonObject o, String key, String parent) throws GatewayException {
        return present(o, key) ? requireString(o, key, parent) : null;
    }

    public static Integer optInt(JsonObject o, String key, String parent) throws GatewayException {
        if (!present(o, key)) {
            return null;
        }
        String param = path(parent, key);
        JsonValue v = o.get(key);
        if (!(v instanceof JsonNumber n)) {
            throw invalid(param, "expected an integer, got " + typeName(v));
        }
        if (!n.isIntegral()) {
            throw invalid(param, "expected an integer, got " + n);
        }
        try {
            return n.intValueExact();
        } catch (ArithmeticException e) {
            throw invalid(param, "integer out of range: " + n);
        }
    }

    public static int requireInt(JsonObject o, String key, String parent) throws GatewayException {
        Integer i = optInt(o, key, parent);
        if (i == null) {
            throw invalid(path(parent, key), "field required");
        }
        return i;
    }

    public static Double optNumber(JsonObject o, String key, String parent) throws GatewayException {
        if (!present(o, key)) {
            return null;
        }
        JsonValue v = o.get(key);
        if (!(v instanceof JsonNumber n)) {
            throw invalid(path(parent, key), "expected a number, got " + typeName(v));
        }
        Double d = Jsons.finite(n);
        if (d == null) {
            throw invalid(path(parent, key), "number out of range");
        }
        return d;
    }

    public static Boolean optBool(JsonObject o, String key, String parent) throws GatewayException {
        if (!present(o, key)) {
            return null;
        }
        JsonValue v = o.get(key);
        if (v == JsonValue.TRUE) {
            return Boolean.TRUE;
        }
        if (v == JsonValue.FALSE) {
            return Boolean.FALSE;
        }
        throw invalid(path(parent, key), "expected a boolean, got " + typeName(v));
    }

    public static List<String> optStringList(JsonObject o, String key, String parent) throws GatewayException {
        JsonArray a = optArray(o, key, parent);
        if (a == null) {
            return List.of();
        }
        String param = path(parent, key);
        List<String> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            if (!(a.get(i) instanceof JsonString s)) {
                throw invalid(index(param, i), "expected a string, got " + typeName(a.get(i)));
            }
            out.add(s.getString());
        }
        return out;
    }

    /** {@code cache_control} of a block or tool: {@code {"type":"ephemeral","ttl":"1h"}}, or null. */
    public static CacheControl optCacheControl(JsonObject o, String parent) throws GatewayException {
        JsonObject cc = optObject(o, "cache_control", parent);
        if (cc == null) {
            return null;
        }
        String param = path(parent, "cache_control");
        return new CacheControl(requireString(cc, "type", param), optString(cc, "ttl", param));
    }

    public static String typeName(JsonValue v) {
        return v == null ? "nothing" : v.getValueType().name().toLowerCase(Locale.ROOT);
    }
}
