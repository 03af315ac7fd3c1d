package dev.switchboard.spi.wire.responses;

import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParsingException;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * The jakarta.json entry points this package uses, on one cached provider. {@code Jsons.objectBuilder()}
 * and friends look the provider up through {@code ServiceLoader} on every call (measured ~70 µs each here),
 * which adds up to milliseconds per streamed frame; the provider and its factories are thread-safe, so one
 * instance serves all. Stateless and thread-safe.
 */
final class ResponsesJson {
    private static final JsonProvider PROVIDER = JsonProvider.provider();
    private static final JsonReaderFactory READERS = PROVIDER.createReaderFactory(Map.of());

    private ResponsesJson() {
    }

    static JsonObjectBuilder object() {
        return PROVIDER.createObjectBuilder();
    }

    static JsonObjectBuilder object(JsonObject initial) {
        return PROVIDER.createObjectBuilder(initial);
    }

    static JsonArrayBuilder array() {
        return PROVIDER.createArrayBuilder();
    }

    static JsonString value(String s) {
        return PROVIDER.createValue(s);
    }

    /** Parses a JSON object; {@link JsonException} for anything else, with the parser's message. */
    static JsonObject parseObject(byte[] bytes) {
        try (JsonReader r = READERS.createReader(new ByteArrayInputStream(bytes))) {
            JsonValue v = r.readValue();
            if (v.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new JsonException("expected a JSON object, got " + v.getValueType().name().toLowerCase());
            }
            return v.asJsonObject();
        } catch (JsonParsingException e) {
            throw new JsonException("invalid JSON: " + e.getMessage(), e);
        }
    }

    /** A JSON object, or empty for blank text, invalid JSON and non-objects. */
    static Optional<JsonObject> tryParseObject(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parseObject(text.getBytes(StandardCharsets.UTF_8)));
        } catch (JsonException e) {
            return Optional.empty();
        }
    }

    /** Any JSON value; {@link JsonException} when invalid. */
    static JsonValue parseValue(String text) {
        try (JsonReader r = READERS.createReader(new StringReader(text))) {
            return r.readValue();
        }
    }
}
