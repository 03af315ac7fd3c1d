package dev.switchboard.plugin.kiro.convert;

import dev.switchboard.plugin.kiro.auth.KiroCredentials;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tool names as Kiro sees them (Kiro is reported to reject longer ones): a name over 63 characters becomes its first 54
 * characters, {@code _} and 8 hex digits of its SHA-256, and the response decoder maps it back. Built while a
 * request is converted, then read by that request's decoder; thread-safe.
 */
public final class ToolNames {
    static final int MAX_LENGTH = 63;
    private static final int PREFIX = 54;

    private final Map<String, String> originalByKiro = new ConcurrentHashMap<>();

    /** The name to send for {@code original}, remembering the reverse mapping when it had to be shortened. */
    public String toKiro(String original) {
        if (original.length() <= MAX_LENGTH) {
            return original;
        }
        String shortened = shorten(original);
        originalByKiro.put(shortened, original);
        return shortened;
    }

    /** The client's name for a name Kiro sent back. */
    public String toOriginal(String kiroName) {
        return kiroName == null ? null : originalByKiro.getOrDefault(kiroName, kiroName);
    }

    /** The shortening (without remembering it). */
    static String shorten(String name) {
        int cut = PREFIX;
        if (Character.isHighSurrogate(name.charAt(cut - 1))) {
            cut--;
        }
        return name.substring(0, cut) + "_" + KiroCredentials.sha256Hex(name).substring(0, 8);
    }
}
