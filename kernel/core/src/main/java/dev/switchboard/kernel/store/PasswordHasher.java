package dev.switchboard.kernel.store;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Slow salted password hashes for admin users: PBKDF2WithHmacSHA256 (in every JDK, no dependency) with
 * 210,000 iterations (the OWASP 2023 figure for this PRF), a 16-byte random salt and a 32-byte result, stored as
 * {@code pbkdf2$<iterations>$<base64 salt>$<base64 hash>}. The iteration count is read back from the stored
 * value, so raising it later keeps old hashes verifiable ({@link #needsRehash} tells when to upgrade).
 *
 * <p>Stateless; thread-safe. Each hash costs on the order of 100 ms of CPU by design.
 */
public final class PasswordHasher {

    public static final int ITERATIONS = 210_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final String SCHEME = "pbkdf2";

    private PasswordHasher() {
    }

    public static String hash(String password) {
        byte[] salt = Secrets.randomBytes(SALT_BYTES);
        byte[] hash = pbkdf2(password, salt, ITERATIONS);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return SCHEME + "$" + ITERATIONS + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /** Checks a password against a stored hash in constant time; false for a malformed stored value. */
    public static boolean verify(String password, String stored) {
        String[] parts = stored == null ? new String[0] : stored.split("\\$");
        if (parts.length != 4 || !SCHEME.equals(parts[0])) {
            return false;
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            if (iterations < 1 || salt.length == 0 || expected.length == 0) {
                return false;
            }
            return MessageDigest.isEqual(pbkdf2(password, salt, iterations, expected.length * 8), expected);
        } catch (IllegalArgumentException e) {
            return false; // NumberFormatException included: a corrupt row never authenticates
        }
    }

    /** True when a stored hash uses fewer iterations than {@link #ITERATIONS} or another scheme. */
    public static boolean needsRehash(String stored) {
        String[] parts = stored == null ? new String[0] : stored.split("\\$");
        if (parts.length != 4 || !SCHEME.equals(parts[0])) {
            return true;
        }
        try {
            return Integer.parseInt(parts[1]) < ITERATIONS;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        return pbkdf2(password, salt, iterations, HASH_BITS);
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations, int bits) {
        char[] chars = password.toCharArray();
        PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, bits);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }
}
