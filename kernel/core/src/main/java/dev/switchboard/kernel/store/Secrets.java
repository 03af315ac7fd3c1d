package dev.switchboard.kernel.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Random secrets and digests shared by the repositories. Stateless apart from a SecureRandom; thread-safe. */
final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private Secrets() {
    }

    static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** {@code n} characters drawn uniformly from [0-9A-Za-z] ({@code nextInt} is unbiased, unlike {@code byte % 62}). */
    static String randomBase62(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(BASE62[RANDOM.nextInt(BASE62.length)]);
        }
        return sb.toString();
    }

    static byte[] sha256(byte[]... parts) {
        MessageDigest md = sha256Digest();
        for (byte[] p : parts) {
            md.update(p);
        }
        return md.digest();
    }

    static String sha256Hex(byte[]... parts) {
        return HexFormat.of().formatHex(sha256(parts));
    }

    static String sha256Hex(String text) {
        return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
