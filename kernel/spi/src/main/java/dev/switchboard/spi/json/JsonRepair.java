package dev.switchboard.spi.json;

import jakarta.json.JsonObject;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Parses tool-call arguments that models produce as "almost JSON": markdown fences, prose before the
 * object, trailing commas, and objects cut off mid-string or mid-value (a stream that ended early, a model
 * that hit its token limit). The repair is conservative: it only closes and trims, it never invents keys.
 * Stateless and thread-safe. In the SPI (since 2.2.0) so that {@link ToolInput}, the one tool-argument policy, can
 * use it from the stream fold as well as from the wire codecs.
 */
public final class JsonRepair {
    /** How many trailing members the repair may cut off to reach something parseable. */
    private static final int MAX_CUTS = 3;

    private JsonRepair() {
    }

    /** The text as a JSON object, repaired if needed; empty when no repair yields an object. */
    public static Optional<JsonObject> parseObject(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        Optional<JsonObject> direct = Jsons.tryParseObject(text);
        if (direct.isPresent()) {
            return direct;
        }
        String candidate = stripWrapping(text.strip());
        for (int cut = 0; cut <= MAX_CUTS && candidate != null && !candidate.isEmpty(); cut++) {
            Optional<JsonObject> parsed = Jsons.tryParseObject(close(candidate));
            if (parsed.isPresent()) {
                return parsed;
            }
            candidate = cutLastMember(candidate);
        }
        return Optional.empty();
    }

    /** Removes markdown code fences and anything before the first {@code {}. */
    private static String stripWrapping(String s) {
        String t = s;
        if (t.startsWith("```")) {
            int nl = t.indexOf('\n');
            t = nl < 0 ? "" : t.substring(nl + 1);
            int fence = t.lastIndexOf("```");
            if (fence >= 0) {
                t = t.substring(0, fence);
            }
            t = t.strip();
        }
        int brace = t.indexOf('{');
        return brace < 0 ? null : t.substring(brace);
    }

    /**
     * Closes an open string, drops a dangling comma or colon, removes commas before closers, and appends
     * the missing closers in the right order.
     */
    static String close(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        Deque<Character> closers = new ArrayDeque<>();
        Strings str = new Strings();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (str.consume(c)) {
                out.append(c);
                continue;
            }
            switch (c) {
                case '"' -> {
                    str.inString = true;
                    out.append(c);
                }
                case '{' -> {
                    closers.push('}');
                    out.append(c);
                }
                case '[' -> {
                    closers.push(']');
                    out.append(c);
                }
                case '}', ']' -> {
                    trimTrailingComma(out);
                    if (!closers.isEmpty() && closers.peek() == c) {
                        closers.pop();
                    }
                    out.append(c);
                    if (closers.isEmpty()) {
                        return out.toString(); // text after the complete top-level object is noise
                    }
                }
                default -> out.append(c);
            }
        }
        if (str.inString) {
            if (str.escape) {
                out.setLength(out.length() - 1);
            }
            out.append('"');
        }
        trimTrailingComma(out);
        int last = lastNonSpace(out);
        if (last >= 0 && out.charAt(last) == ':') {
            out.append("null");
        }
        while (!closers.isEmpty()) {
            out.append(closers.pop());
        }
        return out.toString();
    }

    private static void trimTrailingComma(StringBuilder out) {
        int last = lastNonSpace(out);
        if (last >= 0 && out.charAt(last) == ',') {
            out.setLength(last);
        }
    }

    private static int lastNonSpace(StringBuilder out) {
        int i = out.length() - 1;
        while (i >= 0 && Character.isWhitespace(out.charAt(i))) {
            i--;
        }
        return i;
    }

    /** Cuts the text at its last comma outside strings (dropping a half-written member), or null if none. */
    private static String cutLastMember(String s) {
        int lastComma = -1;
        Strings str = new Strings();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (str.consume(c)) {
                continue;
            }
            if (c == '"') {
                str.inString = true;
            } else if (c == ',') {
                lastComma = i;
            }
        }
        return lastComma < 0 ? null : s.substring(0, lastComma);
    }

    /** Where a scan is with respect to JSON strings, so that quotes, commas and brackets inside them are text. */
    private static final class Strings {
        boolean inString;
        boolean escape;

        /** True when {@code c} belongs to a string (its content or its closing quote); an opening quote does not. */
        boolean consume(char c) {
            if (!inString) {
                return false;
            }
            if (escape) {
                escape = false;
            } else if (c == '\\') {
                escape = true;
            } else if (c == '"') {
                inString = false;
            }
            return true;
        }
    }
}
