package dev.switchboard.plugin.factory.auth;

import dev.switchboard.spi.Account;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The credential fields of a factory account (kebab-case, as every account stores them) and how to read
 * them. An account holds either a static {@value #API_KEY} or a WorkOS {@value #REFRESH_TOKEN} with its
 * current {@value #ACCESS_TOKEN} and {@value #EXPIRES_AT}. Stateless and thread-safe.
 */
public final class Credentials {
    /** A static Factory key ({@code fk-…}); secret. */
    public static final String API_KEY = "api-key";
    /** The WorkOS refresh token (rotated on every refresh); secret. */
    public static final String REFRESH_TOKEN = "refresh-token";
    /** The current WorkOS access token (a JWT); secret. */
    public static final String ACCESS_TOKEN = "access-token";
    /** When the access token expires, ISO-8601 (epoch seconds or milliseconds are accepted on import). */
    public static final String EXPIRES_AT = "expires-at";
    /** When the last refresh succeeded, ISO-8601. */
    public static final String REFRESHED_AT = "refreshed-at";
    /** Informational fields from WorkOS (not secret). */
    public static final String EMAIL = "email";
    public static final String ORGANIZATION_ID = "organization-id";

    private Credentials() {
    }

    /** The bearer token an account sends: its static key, else its access token, else null. */
    public static String bearerToken(Account account) {
        String key = account.credential(API_KEY);
        if (key != null && !key.isBlank()) {
            return key;
        }
        String access = account.credential(ACCESS_TOKEN);
        return access == null || access.isBlank() ? null : access;
    }

    /** True for an account refreshed through WorkOS (a refresh token and no static key). */
    public static boolean isRefreshable(Account account) {
        String rt = account.credential(REFRESH_TOKEN);
        String key = account.credential(API_KEY);
        return rt != null && !rt.isBlank() && (key == null || key.isBlank());
    }

    /**
     * When the access token expires: the stored {@value #EXPIRES_AT}, else the token's own {@code exp}.
     * Empty when neither is known.
     */
    public static Optional<Instant> accessExpiry(Account account) {
        Optional<Instant> stored = instant(account.credentials(), EXPIRES_AT);
        return stored.isPresent() ? stored : Jwt.expiry(account.credential(ACCESS_TOKEN));
    }

    /** An instant field: ISO-8601 text, or a number of epoch seconds (below 10^11) or milliseconds. */
    public static Optional<Instant> instant(JsonObject o, String key) {
        JsonValue v = o == null ? null : o.get(key);
        if (v instanceof JsonNumber n) {
            return Optional.of(epoch(n.longValue()));
        }
        if (v instanceof JsonString s) {
            String t = s.getString().strip();
            try {
                return Optional.of(Instant.parse(t));
            } catch (DateTimeParseException e) {
                try {
                    return Optional.of(epoch(Long.parseLong(t)));
                } catch (NumberFormatException nfe) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** Epoch seconds or milliseconds, told apart by size (10^11 s is the year 5138). */
    public static Instant epoch(long value) {
        return value < 100_000_000_000L ? Instant.ofEpochSecond(value) : Instant.ofEpochMilli(value);
    }
}
