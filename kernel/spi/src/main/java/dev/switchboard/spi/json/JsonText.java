package dev.switchboard.spi.json;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Map;

/**
 * JSON text written straight into a {@link StringBuilder}: whole trees, and the string literals of frames the
 * gateway writes by hand (per streamed event, per journal line). The text is Parsson's {@code toString()}, byte for
 * byte (member order, number forms; escapes: quote, backslash, the short escapes for backspace, form feed,
 * newline, return and tab, other control characters as a lower-case six-character unicode escape, everything else
 * as it is), so a hand-written frame equals the same object written through jakarta.json. Parsson's own writer
 * goes through a generator, a writer and pooled buffers per value: building an upstream request's body that way
 * was a few percent of a relayed request's CPU. A differential test compares both. Stateless.
 */
final class JsonText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonText() {
    }

    static StringBuilder write(StringBuilder out, JsonValue v) {
        value(v, out);
        return out;
    }

    static StringBuilder quote(StringBuilder out, String s) {
        string(s, out);
        return out;
    }

    private static void value(JsonValue v, StringBuilder out) {
        switch (v.getValueType()) {
            case OBJECT -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<String, JsonValue> e : ((JsonObject) v).entrySet()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    string(e.getKey(), out);
                    out.append(':');
                    value(e.getValue(), out);
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                JsonArray a = (JsonArray) v;
                for (int i = 0, n = a.size(); i < n; i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    value(a.get(i), out);
                }
                out.append(']');
            }
            case STRING -> string(((JsonString) v).getString(), out);
            case NUMBER -> out.append(((JsonNumber) v).toString());
            case TRUE -> out.append("true");
            case FALSE -> out.append("false");
            case NULL -> out.append("null");
        }
    }

    /** A string literal with JSON's escapes: quote, backslash and the control characters; nothing else. */
    private static void string(String s, StringBuilder out) {
        out.append('"');
        int start = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(s, start, i);
            start = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        out.append(s, start, s.length()).append('"');
    }
}
