package dev.switchboard.kernel.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Salted SHA-256 for client keys. Client keys are long random strings, so a fast salted hash is enough
 * (unlike the admin password, which gets PBKDF2); verification is constant-time. Stateless.
 */
public final class KeyHashing {
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyHashing() {
    }

    public static byte[] newSalt() {
        byte[] s = new byte[16];
        RANDOM.nextBytes(s);
        return s;
    }

    public static byte[] hash(byte[] salt, String key) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(salt);
            return md.digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** Constant-time comparison of a presented key with a stored hash. */
    public static boolean verify(byte[] salt, byte[] expectedHash, String presented) {
        return MessageDigest.isEqual(expectedHash, hash(salt, presented));
    }
}
