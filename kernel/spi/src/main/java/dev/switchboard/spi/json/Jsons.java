package dev.switchboard.spi.json;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Null-tolerant accessors and parsing for jakarta.json values. Stateless and thread-safe.
 *
 * <p>Every JSON document the gateway reads — client requests, upstream answers, stored values — is parsed here,
 * so the parser limits live here too: at most {@value #MAX_DEPTH} nested arrays/objects and number literals of at
 * most {@value #MAX_NUMBER_LENGTH} characters. Input beyond them is refused with a {@link JsonException} like any
 * other malformed JSON (a 400 for a client, an unreadable response for an upstream), never with a bare runtime
 * exception. The overall size is bounded by whoever holds the bytes (the request body limit, the upstream error
 * body limit), so the parser's own document-size cap is lifted.
 */
public final class Jsons {
    /** Deepest nesting of arrays and objects accepted; real requests stay below 30. */
    public static final int MAX_DEPTH = 512;
    /** Longest number literal accepted, in characters (Parsson's own default, stated so it cannot drift). */
    public static final int MAX_NUMBER_LENGTH = 1100;

    /**
     * One provider for the process. {@code jakarta.json.Json}'s static factories look the provider up through the
     * ServiceLoader on every call (~0.1 ms each, measured), which dominated codec time; these wrappers do not.
     */
    private static final JsonProvider PROVIDER = JsonProvider.provider();
    private static final Map<String, Object> LIMITS = Map.of(
            "org.eclipse.parsson.maxDepth", MAX_DEPTH + 1, // Parsson refuses a depth equal to its limit
            "org.eclipse.parsson.maxBigDecimalLength", MAX_NUMBER_LENGTH,
            "org.eclipse.parsson.maxParsingLimit", Integer.MAX_VALUE);
    private static final JsonReaderFactory READERS = PROVIDER.createReaderFactory(LIMITS);
    /** Streaming parsers with the same limits, for hot paths that need a few fields and not the whole tree. */
    private static final JsonParserFactory PARSERS = PROVIDER.createParserFactory(LIMITS);

    private Jsons() {
    }

    public static JsonObjectBuilder objectBuilder() {
        return PROVIDER.createObjectBuilder();
    }

    public static JsonObjectBuilder objectBuilder(JsonObject start) {
        return PROVIDER.createObjectBuilder(start);
    }

    public static JsonObjectBuilder objectBuilder(java.util.Map<String, ?> start) {
        return PROVIDER.createObjectBuilder(start);
    }

    public static JsonArrayBuilder arrayBuilder() {
        return PROVIDER.createArrayBuilder();
    }

    public static JsonArrayBuilder arrayBuilder(JsonArray start) {
        return PROVIDER.createArrayBuilder(start);
    }

    public static JsonArrayBuilder arrayBuilder(java.util.Collection<?> start) {
        return PROVIDER.createArrayBuilder(start);
    }

    public static JsonString value(String s) {
        return PROVIDER.createValue(s);
    }

    public static JsonNumber value(int n) {
        return PROVIDER.createValue(n);
    }

    public static JsonNumber value(long n) {
        return PROVIDER.createValue(n);
    }

    public static JsonNumber value(double n) {
        return PROVIDER.createValue(n);
    }

    public static JsonNumber value(java.math.BigDecimal n) {
        return PROVIDER.createValue(n);
    }

    public static JsonNumber value(java.math.BigInteger n) {
        return PROVIDER.createValue(n);
    }

    public static JsonNumber value(Number n) {
        return PROVIDER.createValue(n);
    }

    /** A reader with the limits above. Callers reading from it should use {@link #readValue(JsonReader)}. */
    public static JsonReader reader(java.io.Reader r) {
        return READERS.createReader(r);
    }

    public static JsonReader reader(java.io.InputStream in) {
        return READERS.createReader(in, StandardCharsets.UTF_8);
    }

    /**
     * Reads one value, turning the parser's limit failures (nesting too deep, number too long, which Parsson
     * reports as plain runtime exceptions) into {@link JsonException}s.
     */
    public static JsonValue readValue(JsonReader r) {
        try {
            return r.readValue();
        } catch (JsonParsingException e) {
            throw new JsonException("invalid JSON: " + e.getMessage(), e);
        } catch (JsonException e) {
            throw e;
        } catch (RuntimeException e) {
            // Only the parser runs here: anything it throws is about the input (depth, number size, encoding).
            throw new JsonException("JSON refused: " + e.getMessage(), e);
        }
    }

    /**
     * A streaming parser over {@code text} with the limits above, for hot paths where building the whole tree
     * costs more than the few fields they read. Unlike {@link #readValue(JsonReader)} it does not translate
     * failures: like the tree readers' parser underneath, it reports nesting beyond the limit and refused number
     * literals as plain runtime exceptions, so a caller deciding "malformed or not" must treat any
     * {@link RuntimeException} from it as malformed input. Limits that apply when a value is materialised (a
     * number literal's length) are checked only when the caller materialises it ({@code getValue()},
     * {@code getBigDecimal()}, ...). Text after the top-level value is looked at only when the caller asks for a
     * further event, which the tree readers ({@link #parseObject(String)}) never do.
     */
    public static JsonParser parser(String text) {
        return PARSERS.createParser(new StringReader(text));
    }

    /** Parses a JSON object; throws {@link JsonException} (also for a non-object) with the parser's message. */
    public static JsonObject parseObject(byte[] bytes) {
        return parseObject(new String(bytes, StandardCharsets.UTF_8));
    }

    /**
     * Parses a JSON object from text. Reading from a {@link StringReader} rather than a byte stream matters on hot
     * paths: a byte-stream reader allocates an 8 KB decoding buffer per call, which dominated the cost of
     * parsing small SSE chunks.
     */
    public static JsonObject parseObject(String text) {
        JsonValue v = parseValue(text);
        if (v.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new JsonException("expected a JSON object, got " + v.getValueType().name().toLowerCase());
        }
        return v.asJsonObject();
    }

    /**
     * Parses any JSON value; throws {@link JsonException} for anything malformed or beyond the limits. The tree's
     * strings are plain {@code String}s (see {@link JsonTrees}), shared with whatever reads them.
     */
    public static JsonValue parseValue(String text) {
        try (JsonParser p = PARSERS.createParser(new StringReader(text))) {
            return JsonTrees.read(p, PROVIDER);
        } catch (JsonParsingException e) {
            throw new JsonException("invalid JSON: " + e.getMessage(), e);
        } catch (JsonException e) {
            throw e;
        } catch (RuntimeException e) {
            // Only the parser runs here: anything it throws is about the input (depth, number size, encoding).
            throw new JsonException("JSON refused: " + e.getMessage(), e);
        }
    }

    /** A finite double, or null when {@code n} is null or overflows a double ({@code 1e999}). */
    public static Double finite(JsonNumber n) {
        if (n == null) {
            return null;
        }
        double d = n.doubleValue();
        return Double.isFinite(d) ? d : null;
    }

    /** Parses a JSON object, or returns empty for anything unparseable or not an object. */
    public static Optional<JsonObject> tryParseObject(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parseObject(text));
        } catch (JsonException e) {
            return Optional.empty();
        }
    }

    /** The string at {@code key}, or null when absent, null or not a string. */
    public static String str(JsonObject o, String key) {
        if (o == null) {
            return null;
        }
        JsonValue v = o.get(key);
        return v instanceof JsonString s ? s.getString() : null;
    }

    public static String str(JsonObject o, String key, String def) {
        String s = str(o, key);
        return s == null ? def : s;
    }

    /** The object at {@code key}, or null. */
    public static JsonObject obj(JsonObject o, String key) {
        if (o == null) {
            return null;
        }
        JsonValue v = o.get(key);
        return v != null && v.getValueType() == JsonValue.ValueType.OBJECT ? v.asJsonObject() : null;
    }

    /** The array at {@code key}, or null. */
    public static JsonArray arr(JsonObject o, String key) {
        if (o == null) {
            return null;
        }
        JsonValue v = o.get(key);
        return v != null && v.getValueType() == JsonValue.ValueType.ARRAY ? v.asJsonArray() : null;
    }

    /** The integer at {@code key}, or null (numbers given as strings are not accepted). */
    public static Long lng(JsonObject o, String key) {
        if (o == null) {
            return null;
        }
        JsonValue v = o.get(key);
        return v instanceof JsonNumber n ? n.longValue() : null;
    }

    public static long lng(JsonObject o, String key, long def) {
        Long l = lng(o, key);
        return l == null ? def : l;
    }

    public static Integer integer(JsonObject o, String key) {
        Long l = lng(o, key);
        return l == null ? null : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, l));
    }

    public static Double dbl(JsonObject o, String key) {
        if (o == null) {
            return null;
        }
        JsonValue v = o.get(key);
        return v instanceof JsonNumber n ? n.doubleValue() : null;
    }

    /** True only for a JSON {@code true}. */
    public static boolean bool(JsonObject o, String key) {
        return o != null && o.get(key) == JsonValue.TRUE;
    }

    /** {@code Boolean} or null when absent/not boolean. */
    public static Boolean boolOrNull(JsonObject o, String key) {
        if (o == null) {
            return null;
        }
        JsonValue v = o.get(key);
        if (v == JsonValue.TRUE) {
            return Boolean.TRUE;
        }
        if (v == JsonValue.FALSE) {
            return Boolean.FALSE;
        }
        return null;
    }

    /** True when {@code key} is present and not JSON null. */
    public static boolean present(JsonObject o, String key) {
        return o != null && o.containsKey(key) && o.get(key).getValueType() != JsonValue.ValueType.NULL;
    }

    /** A JSON string value (jakarta.json has no short factory for it). */
    public static JsonValue string(String s) {
        return PROVIDER.createValue(s);
    }

    /**
     * Serialises a value compactly: the text of {@code v.toString()}, written without Parsson's generator (several
     * times faster; use it for request bodies and other hot paths).
     */
    public static String write(JsonValue v) {
        return JsonText.write(new StringBuilder(256), v).toString();
    }

    /**
     * Appends {@code v} as {@link #write(JsonValue)} writes it.
     *
     * @since 2.3.0
     */
    public static StringBuilder write(StringBuilder out, JsonValue v) {
        return JsonText.write(out, v);
    }

    /** Quotes a Java string as a JSON string literal. */
    public static String quote(String s) {
        return JsonText.quote(new StringBuilder(s.length() + 2), s).toString();
    }

    /**
     * Appends {@code s} as a JSON string literal, escaped as jakarta.json escapes it: for frames written by hand,
     * byte-identical to the same object written as a tree.
     *
     * @since 2.3.0
     */
    public static StringBuilder quote(StringBuilder out, String s) {
        return JsonText.quote(out, s);
    }
}
