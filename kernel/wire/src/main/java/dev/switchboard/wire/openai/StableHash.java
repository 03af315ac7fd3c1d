package dev.switchboard.wire.openai;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Stable SHA-256 based identifiers: user ids sent upstream (never the raw value, which may be an email
 * address or a Claude Code session JSON) and the suffix of shortened tool names. Stateless and thread-safe.
 */
public final class StableHash {
    private StableHash() {
    }

    /** Lower-case hex SHA-256 of the UTF-8 bytes. */
    public static String sha256Hex(String s) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            // Every JDK ships SHA-256; its absence is a broken runtime, not a request error.
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /**
     * A user id safe to send to any upstream: 64 hex characters, the same for the same input, not
     * email-like, not reversible.
     */
    public static String userId(String raw) {
        return sha256Hex(raw);
    }
}
