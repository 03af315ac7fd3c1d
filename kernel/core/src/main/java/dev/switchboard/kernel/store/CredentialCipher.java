package dev.switchboard.kernel.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for secrets at rest. Every value gets a fresh random 12-byte IV; the caller's associated data
 * (for accounts: provider and name) is authenticated with it, so a ciphertext copied into another row does
 * not decrypt. Stored form: {@code v1:} + base64(IV ‖ ciphertext ‖ tag); the version prefix leaves room
 * for key rotation.
 *
 * <p>Also derives a separate HMAC-SHA256 key for fingerprints of declared secrets: a plain
 * SHA-256 of a low-entropy secret could be brute-forced from a stolen database, a keyed digest cannot.
 *
 * <p>Thread-safe: a {@link Cipher} is created per call. The key never appears in messages or {@code toString}.
 */
public final class CredentialCipher {

    public static final int KEY_BYTES = 32;
    private static final String PREFIX = "v1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] FINGERPRINT_LABEL = "switchboard/seed-fingerprint/v1".getBytes(StandardCharsets.UTF_8);

    private final SecretKey key;
    private final SecretKey fingerprintKey;

    /** @param key 32 raw key bytes (copied) */
    public CredentialCipher(byte[] key) {
        if (key == null || key.length != KEY_BYTES) {
            throw new IllegalArgumentException("an AES-256 key has " + KEY_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
        this.fingerprintKey = new SecretKeySpec(hmac(this.key.getEncoded(), FINGERPRINT_LABEL), "HmacSHA256");
    }

    /** Encrypts {@code plaintext}, binding it to {@code aad}. */
    public String encrypt(byte[] plaintext, String aad) {
        byte[] iv = Secrets.randomBytes(IV_BYTES);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            c.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
            byte[] ct = c.doFinal(plaintext);
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + ct.length).put(iv).put(ct).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /**
     * Decrypts a value written by {@link #encrypt} with the same {@code aad}.
     *
     * @param what names the value for the error message (e.g. {@code "credentials of account p/n"})
     * @throws StorageException when the key is wrong, the value was tampered with or belongs to another row
     */
    public byte[] decrypt(String stored, String aad, String what) {
        if (stored == null || !stored.startsWith(PREFIX)) {
            throw new StorageException("cannot decrypt " + what + ": unknown format");
        }
        byte[] all;
        try {
            all = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new StorageException("cannot decrypt " + what + ": not base64", e);
        }
        if (all.length < IV_BYTES + TAG_BITS / 8) {
            throw new StorageException("cannot decrypt " + what + ": too short");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
            c.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
            return c.doFinal(all, IV_BYTES, all.length - IV_BYTES);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new StorageException("cannot decrypt " + what + ": wrong encryption key, or the value was tampered "
                    + "with or copied from another row", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
    }

    /** Hex HMAC-SHA256 of {@code data} under the fingerprint key: equal inputs give equal fingerprints. */
    public String fingerprint(byte[] data) {
        return HexFormat.of().formatHex(hmac(fingerprintKey.getEncoded(), data));
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "CredentialCipher[AES-256-GCM]";
    }
}
