package dev.switchboard.wire.responses;

import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Turns a function call's {@code arguments} string into the JSON object a canonical {@code tool_use}
 * needs. Models and clients send truncated or double-encoded JSON often enough that dropping such a call
 * would orphan its result (the client's next turn refers to it), so this repairs what it can. Stateless.
 */
public final class ToolArguments {
    private ToolArguments() {
    }

    /**
     * The arguments as an object: parsed, else repaired, else {@code {"_raw": text}} so the call (and the
     * result that refers to it) survives. Blank or missing arguments are {@code {}}.
     */
    public static JsonObject parseOrRaw(String text) {
        return parseOrRepair(text).orElseGet(() -> Jsons.objectBuilder().add("_raw", text).build());
    }

    /** The arguments as an object, parsed or repaired; empty when nothing sensible can be made of them. */
    static Optional<JsonObject> parseOrRepair(String text) {
        if (text == null || text.isBlank()) {
            return Optional.of(JsonValue.EMPTY_JSON_OBJECT);
        }
        String trimmed = text.trim();
        Optional<JsonObject> direct = Jsons.tryParseObject(trimmed);
        if (direct.isPresent()) {
            return direct;
        }
        Optional<JsonObject> unwrapped = unwrapDoubleEncoded(trimmed);
        if (unwrapped.isPresent()) {
            return unwrapped;
        }
        String closed = closeTruncated(trimmed);
        return closed == null ? Optional.empty() : Jsons.tryParseObject(closed);
    }

    /** Some clients encode the arguments twice: {@code "{\"a\":1}"}. */
    private static Optional<JsonObject> unwrapDoubleEncoded(String text) {
        if (!text.startsWith("\"")) {
            return Optional.empty();
        }
        try {
            JsonValue v = Jsons.parseValue(text);
            return v instanceof JsonString s ? Jsons.tryParseObject(s.getString()) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Completes JSON cut off mid-way (a stream that stopped at max tokens): closes an open string, drops a
     * dangling comma, gives a dangling key a {@code null} value, and closes open objects and arrays.
     * Returns null when the text is not the start of an object.
     */
    private static String closeTruncated(String text) {
        if (!text.startsWith("{")) {
            return null;
        }
        Deque<Character> open = new ArrayDeque<>();
        boolean inString = false;
        boolean escaped = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            switch (c) {
                case '"' -> inString = true;
                case '{' -> open.push('}');
                case '[' -> open.push(']');
                case '}', ']' -> {
                    if (open.isEmpty() || open.pop() != c) {
                        return null; // unbalanced in a way that closing cannot fix
                    }
                }
                default -> {
                    // other characters need no tracking
                }
            }
        }
        StringBuilder sb = new StringBuilder(text);
        if (escaped) {
            sb.setLength(sb.length() - 1);
        }
        if (inString) {
            sb.append('"');
        }
        String body = sb.toString().stripTrailing();
        sb.setLength(0);
        sb.append(body);
        char last = body.charAt(body.length() - 1);
        if (last == ',') {
            sb.setLength(sb.length() - 1);
        } else if (last == ':') {
            sb.append("null");
        }
        while (!open.isEmpty()) {
            sb.append(open.pop());
        }
        return sb.toString();
    }
}
