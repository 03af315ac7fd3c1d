package dev.switchboard.wire;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Random ids in the shapes clients expect ({@code msg_}, {@code chatcmpl-}, {@code resp_}, ...). Thread-safe.
 *
 * <p>These ids name requests, messages and tool calls; they are not secrets, so they come from each thread's
 * {@link ThreadLocalRandom}: a {@code SecureRandom} serialises every call on one lock and showed in the request
 * path's profile (a few ids per request, one call per character). Secrets use {@code SecureRandom} elsewhere.
 */
public final class WireIds {
    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    /** Base-62 digits one non-negative long yields (62^10 < 2^63). */
    private static final int DIGITS_PER_LONG = 10;

    private WireIds() {
    }

    /** {@code prefix} followed by {@code length} base62 characters. */
    public static String random(String prefix, int length) {
        StringBuilder sb = new StringBuilder(prefix.length() + length).append(prefix);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long bits = 0;
        for (int i = 0; i < length; i++) {
            if (i % DIGITS_PER_LONG == 0) {
                bits = random.nextLong() >>> 1;
            }
            sb.append(BASE62[(int) (bits % BASE62.length)]);
            bits /= BASE62.length;
        }
        return sb.toString();
    }

    /** Anthropic message id: {@code msg_} + 24 base62. */
    public static String messageId() {
        return random("msg_", 24);
    }

    public static String chatCompletionId() {
        return random("chatcmpl-", 24);
    }

    public static String responseId() {
        return random("resp_", 24);
    }

    public static String toolUseId() {
        return random("toolu_", 24);
    }

    public static String callId() {
        return random("call_", 24);
    }

    /** Request id for the {@code request-id}/{@code x-request-id} headers. */
    public static String requestId() {
        return random("req_", 24);
    }

    /**
     * A tool id clients accept: kept if it matches {@code ^[A-Za-z0-9_-]+$}, else other characters become
     * {@code _} (Kimi's {@code functions.Bash:0} → {@code functions_Bash_0}); null/empty → a new id.
     */
    public static String sanitizeToolId(String id, String prefixIfMissing) {
        if (id == null || id.isEmpty()) {
            return random(prefixIfMissing, 24);
        }
        StringBuilder sb = new StringBuilder(id.length());
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            sb.append(Character.isLetterOrDigit(c) && c < 128 || c == '_' || c == '-' ? c : '_');
        }
        return sb.toString();
    }
}
