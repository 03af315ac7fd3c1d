package dev.switchboard.plugin.factory.auth;

import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Reads the claims of a WorkOS access token (a JWT) without verifying it: the gateway only needs its
 * {@code exp} to know when to refresh (lifetimes from 8 hours to 7 days have been reported, so
 * {@code exp} decides).
 * Stateless and thread-safe.
 */
public final class Jwt {
    private Jwt() {
    }

    /** The token's claims, or empty when it is not a readable JWT. */
    public static Optional<JsonObject> claims(String token) {
        if (token == null) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.");
        if (parts.length < 2) {
            return Optional.empty();
        }
        try {
            byte[] payload = Base64.getUrlDecoder().decode(parts[1]); // padding is optional for this decoder
            return Optional.of(Jsons.parseObject(new String(payload, StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException | JsonException e) {
            return Optional.empty();
        }
    }

    /** The {@code exp} claim (seconds since the epoch), or empty. */
    public static Optional<Instant> expiry(String token) {
        return claims(token).flatMap(c -> c.get("exp") instanceof JsonNumber n
                ? Optional.of(Instant.ofEpochSecond(n.longValue())) : Optional.empty());
    }
}
