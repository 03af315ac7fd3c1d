package dev.switchboard.kernel.logging;

/**
 * The one place that makes client-supplied text safe for a log line: model names, paths, header values, account
 * and key names, upstream messages that echo them. Control characters (CR and LF above all, which would let a
 * client forge or split log lines), DEL, the C1 controls and the Unicode line and paragraph separators are written
 * as {@code \r}, {@code \n}, {@code \t} or {@code \}{@code uXXXX}; values longer than the limit are cut with a
 * note of how much was left out. Every log format calls {@link #value(String)} for the client values it prints
 * (the access log first); {@link SafeLogFormatter} applies {@link #message(String)} to every whole message as the
 * safety net for log lines written elsewhere (plugins included). Stateless.
 */
public final class LogSafe {
    /** Longest single value written to a log line. */
    public static final int MAX_CHARS = 256;
    /** Longest whole log message (the stack trace of a logged exception is not counted). */
    public static final int MAX_MESSAGE_CHARS = 8192;

    private LogSafe() {
    }

    /** {@code s} escaped and cut at {@value #MAX_CHARS} characters; {@code null} stays {@code null}. */
    public static String value(String s) {
        return escape(s, MAX_CHARS);
    }

    /** A whole log message escaped and cut at {@value #MAX_MESSAGE_CHARS} characters. */
    public static String message(String s) {
        return escape(s, MAX_MESSAGE_CHARS);
    }

    private static String escape(String s, int max) {
        if (s == null) {
            return null;
        }
        int limit = Math.min(s.length(), max);
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
        return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == '\u2028' || c == '\u2029';
    }

    private static void escape(StringBuilder sb, char c) {
        switch (c) {
            case '\r' -> sb.append("\\r");
            case '\n' -> sb.append("\\n");
            case '\t' -> sb.append("\\t");
            default -> sb.append(String.format("\\u%04x", (int) c));
        }
    }
}
