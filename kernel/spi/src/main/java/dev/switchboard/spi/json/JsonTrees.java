package dev.switchboard.spi.json;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParser.Event;
import jakarta.json.stream.JsonParsingException;

/**
 * Builds the tree of one JSON value from a parser's events, with every string held as a {@link String}.
 *
 * <p>Parsson's own tree reader keeps each string value as a {@code StringBuilder} and makes a new {@code String}
 * from it on every {@code getString()}. So the canonical request read from a client's tree held copies of all its
 * text while the tree kept the originals: a Claude Code request of 50 KB cost about 320 KB of heap for as long as
 * its stream ran (measured with 300 open streams). Here the tree and whatever is read from it share one string
 * each, and reading a string costs nothing.
 *
 * <p>Everything else is the tree reader's: the same parser with the same limits, objects and arrays from the same
 * provider's builders (a repeated key keeps its first place and takes its last value), numbers as the parser makes
 * them, and nothing after the value is read. Stateless.
 */
final class JsonTrees {
    private JsonTrees() {
    }

    /** The value the parser is at the start of; malformed input throws as the parser reports it. */
    static JsonValue read(JsonParser p, JsonProvider provider) {
        return value(p, next(p), provider);
    }

    private static JsonValue value(JsonParser p, Event e, JsonProvider provider) {
        return switch (e) {
            case START_OBJECT -> object(p, provider);
            case START_ARRAY -> array(p, provider);
            case VALUE_STRING -> provider.createValue(p.getString());
            case VALUE_NUMBER -> p.getValue();
            case VALUE_TRUE -> JsonValue.TRUE;
            case VALUE_FALSE -> JsonValue.FALSE;
            case VALUE_NULL -> JsonValue.NULL;
            default -> throw new JsonParsingException("unexpected " + e + " where a value belongs", p.getLocation());
        };
    }

    private static JsonValue object(JsonParser p, JsonProvider provider) {
        JsonObjectBuilder b = provider.createObjectBuilder();
        for (Event e = next(p); e != Event.END_OBJECT; e = next(p)) {
            String key = p.getString();
            b.add(key, value(p, next(p), provider));
        }
        return b.build();
    }

    private static JsonValue array(JsonParser p, JsonProvider provider) {
        JsonArrayBuilder b = provider.createArrayBuilder();
        for (Event e = next(p); e != Event.END_ARRAY; e = next(p)) {
            b.add(value(p, e, provider));
        }
        return b.build();
    }

    /** The next event; the end of input inside a value is malformed JSON, as the tree reader reports it. */
    private static Event next(JsonParser p) {
        if (!p.hasNext()) {
            throw new JsonParsingException("unexpected end of input", p.getLocation());
        }
        return p.next();
    }
}
