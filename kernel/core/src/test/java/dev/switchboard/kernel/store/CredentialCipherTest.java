package dev.switchboard.kernel.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CredentialCipherTest {

    final CredentialCipher cipher = new CredentialCipher(Secrets.randomBytes(32));
    final byte[] plain = "{\"api-key\":\"sk-1\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void roundTripsWithAFreshIvEachTime() {
        String a = cipher.encrypt(plain, "aad");
        String b = cipher.encrypt(plain, "aad");
        assertNotEquals(a, b, "random IV per value");
        assertTrue(a.startsWith("v1:"));
        byte[] raw = Base64.getDecoder().decode(a.substring(3));
        assertEquals(12 + plain.length + 16, raw.length, "IV + ciphertext + 128-bit tag");
        assertArrayEquals(plain, cipher.decrypt(a, "aad", "test value"));
    }

    @Test
    void otherAadTamperingOrKeyFail() {
        String c = cipher.encrypt(plain, AccountRepository.aad("p", "alice"));
        assertThrows(StorageException.class, () -> cipher.decrypt(c, AccountRepository.aad("p", "bob"), "x"));
        assertThrows(StorageException.class, () -> cipher.decrypt(c, AccountRepository.aad("q", "alice"), "x"));

        byte[] raw = Base64.getDecoder().decode(c.substring(3));
        raw[20] ^= 1;
        String tampered = "v1:" + Base64.getEncoder().encodeToString(raw);
        assertThrows(StorageException.class, () -> cipher.decrypt(tampered, AccountRepository.aad("p", "alice"), "x"));

        CredentialCipher other = new CredentialCipher(Secrets.randomBytes(32));
        assertThrows(StorageException.class, () -> other.decrypt(c, AccountRepository.aad("p", "alice"), "x"));
        assertThrows(StorageException.class, () -> cipher.decrypt("plain text", "a", "x"));
        assertThrows(IllegalArgumentException.class, () -> new CredentialCipher(new byte[16]));
    }

    @Test
    void fingerprintsAreStableAndKeyed() {
        assertEquals(cipher.fingerprint(plain), cipher.fingerprint(plain.clone()));
        assertNotEquals(cipher.fingerprint(plain), new CredentialCipher(Secrets.randomBytes(32)).fingerprint(plain));
        assertNotEquals(Secrets.sha256Hex(plain), cipher.fingerprint(plain));
        assertEquals(64, cipher.fingerprint(plain).length());
    }
}
