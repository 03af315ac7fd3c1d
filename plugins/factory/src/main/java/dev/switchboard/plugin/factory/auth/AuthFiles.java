package dev.switchboard.plugin.factory.auth;

import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Reads the Factory credential files people already have into
 * an account's credential JSON:
 * <ul>
 * <li>the legacy CLI {@code ~/.factory/auth.json}: {@code {"access_token","refresh_token"}};</li>
 * <li>the key-pool fork's {@code data/auth.json}: {@code {"api_key","refresh_token","expires_at":<ms>,
 *     "last_refresh":<ms>}}, whose {@code api_key} is a static {@code fk-} key or a WorkOS access token;</li>
 * <li>the current CLI's {@code auth.v2.file} + {@code auth.v2.key}: AES-256-GCM, the file being
 *     {@code base64(IV):base64(tag):base64(ciphertext)} and the key file base64 of 32 bytes, decrypting to
 *     the legacy JSON shape.</li>
 * </ul>
 * Error messages never contain file content. Stateless and thread-safe.
 */
public final class AuthFiles {
    private AuthFiles() {
    }

    /** What an import produced: the credentials and a description of their kind. */
    public record Imported(JsonObject credentials, String kind, Instant expiresAt) {
    }

    /** Reads a parsed {@code auth.json} of either known format. */
    public static Imported read(JsonObject auth) throws GatewayException {
        String refresh = nonBlank(Jsons.str(auth, "refresh_token"));
        String access = nonBlank(Jsons.str(auth, "access_token"));
        String apiKey = nonBlank(Jsons.str(auth, "api_key"));
        JsonObjectBuilder b = Jsons.objectBuilder();
        if (apiKey != null && apiKey.startsWith("fk-")) {
            b.add(Credentials.API_KEY, apiKey);
            return new Imported(b.build(), "api-key", null);
        }
        if (refresh == null) {
            if (apiKey != null || access != null) {
                throw GatewayException.invalid("auth", "the file holds an access token but no refresh_token; "
                        + "it would stop working when the token expires, so it is not imported");
            }
            throw GatewayException.invalid("auth", "no refresh_token or fk- api_key found in the auth file");
        }
        b.add(Credentials.REFRESH_TOKEN, refresh);
        // The key-pool fork keeps its current access token in "api_key".
        String token = access != null ? access : apiKey;
        Instant expires = null;
        if (token != null) {
            b.add(Credentials.ACCESS_TOKEN, token);
            Optional<Instant> exp = Jwt.expiry(token);
            expires = exp.orElseGet(() -> Credentials.instant(auth, "expires_at").orElse(null));
            if (expires != null) {
                b.add(Credentials.EXPIRES_AT, expires.toString());
            }
        }
        return new Imported(b.build(), "refresh-token", expires);
    }

    /** Parses and reads an {@code auth.json} given as text. */
    public static Imported read(String authJson) throws GatewayException {
        try {
            return read(Jsons.parseObject(authJson));
        } catch (JsonException e) {
            throw GatewayException.invalid("auth-json", "the auth file is not a JSON object");
        }
    }

    /** Decrypts {@code auth.v2.file} with {@code auth.v2.key} and reads the result. */
    public static Imported readV2(String file, String key) throws GatewayException {
        return read(decryptV2(file, key));
    }

    /** The plaintext of an {@code auth.v2.file}. */
    static String decryptV2(String file, String key) throws GatewayException {
        String[] parts = file.strip().split(":");
        if (parts.length != 3) {
            throw GatewayException.invalid("auth-v2-file", "expected base64(IV):base64(tag):base64(ciphertext)");
        }
        try {
            Base64.Decoder d = Base64.getDecoder();
            byte[] keyBytes = d.decode(key.strip());
            if (keyBytes.length != 32) {
                throw GatewayException.invalid("auth-v2-key", "the key must be base64 of 32 bytes, got "
                        + keyBytes.length + " bytes");
            }
            byte[] iv = d.decode(parts[0]);
            byte[] tag = d.decode(parts[1]);
            byte[] cipherText = d.decode(parts[2]);
            // javax.crypto expects the tag appended to the ciphertext.
            byte[] sealed = new byte[cipherText.length + tag.length];
            System.arraycopy(cipherText, 0, sealed, 0, cipherText.length);
            System.arraycopy(tag, 0, sealed, cipherText.length, tag.length);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(keyBytes, "AES"), new GCMParameterSpec(tag.length * 8, iv));
            return new String(c.doFinal(sealed), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw GatewayException.invalid("auth-v2-file", "the auth file or key is not valid base64");
        } catch (GeneralSecurityException e) {
            throw GatewayException.invalid("auth-v2-key", "the auth file does not decrypt with this key ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static String nonBlank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
