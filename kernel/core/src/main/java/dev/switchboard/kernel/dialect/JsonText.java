package dev.switchboard.kernel.dialect;

/**
 * JSON text written straight into a {@link StringBuilder}, for the few shapes the gateway writes per streamed
 * event or per journal line, where building a jakarta.json tree and serialising it costs more than the event.
 * The escaping is Parsson's, character for character (quote, backslash, the short escapes for backspace, form feed,
 * newline, return and tab, other control characters as a lower-case six-character unicode escape, everything else
 * as it is), so a hand-written frame is byte-identical to the same object written through jakarta.json.
 */
public final class JsonText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonText() {
    }

    /** Appends {@code s} as a JSON string literal. */
    public static StringBuilder quote(StringBuilder out, String s) {
        out.append('"');
        int run = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(s, run, i);
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
            run = i + 1;
        }
        return out.append(s, run, s.length()).append('"');
    }
}
