package dev.switchboard.kernel.http;

/**
 * The one place that makes client-supplied values safe for a log line: model names, paths, header values,
 * account and key names. Control characters (CR and LF above all, which would let a client forge or split log
 * lines), DEL and the Unicode line and paragraph separators are written as {@code \r}, {@code \n} or
 * {@code \}{@code uXXXX}; a backslash is doubled so an escape cannot be faked; values longer than
 * {@value #MAX_CHARS} characters are cut with a note of how much was left out. Every log format (the plain access
 * log, a structured one) calls {@link #value(String)} for client input. Stateless.
 */
public final class LogSafe {
    /** Longest value written to a log line. */
    public static final int MAX_CHARS = 256;

    private LogSafe() {
    }

    /** {@code s} escaped and truncated for a log line; {@code null} stays {@code null}. */
    public static String value(String s) {
        if (s == null) {
            return null;
        }
        int limit = Math.min(s.length(), MAX_CHARS);
        StringBuilder sb = null;
        for (int i = 0; i < limit; i++) {
            char c = s.charAt(i);
            if (needsEscape(c)) {
                if (sb == null) {
                    sb = new StringBuilder(limit + 16).append(s, 0, i);
                }
                escape(sb, c);
            } else if (sb != null) {
                sb.append(c);
            }
        }
        if (sb == null && limit == s.length()) {
            return s;
        }
        if (sb == null) {
            sb = new StringBuilder(limit + 24).append(s, 0, limit);
        }
        if (limit < s.length()) {
            sb.append("…(+").append(s.length() - limit).append(" chars)");
        }
        return sb.toString();
    }

    private static boolean needsEscape(char c) {
        return c < 0x20 || c == 0x7f || c == '\\' || (c >= 0x80 && c <= 0x9f) || c == '\u2028' || c == '\u2029';
    }

    private static void escape(StringBuilder sb, char c) {
        switch (c) {
            case '\r' -> sb.append("\\r");
            case '\n' -> sb.append("\\n");
            case '\t' -> sb.append("\\t");
            case '\\' -> sb.append("\\\\");
            default -> sb.append(String.format("\\u%04x", (int) c));
        }
    }
}
