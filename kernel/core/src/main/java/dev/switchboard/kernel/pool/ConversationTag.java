package dev.switchboard.kernel.pool;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A short, stable tag for a conversation key in logs: the first 8 bytes of its SHA-256. The key itself is a
 * client-chosen value (a session id or user name); logging it verbatim would let clients write into the log.
 */
final class ConversationTag {
    private ConversationTag() {
    }

    static String of(String conversationKey) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(conversationKey.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
