package dev.switchboard.plugin.kiro.auth;

import dev.switchboard.spi.Account;
import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A Kiro account's credential JSON (the {@link dev.switchboard.spi.Account#credentials()} of this plugin) as a
 * typed record, with the kebab-case keys it is stored under. Immutable; {@link #toString()} masks secrets.
 *
 * @param authMethod            {@code auth-method}
 * @param accessToken           {@code access-token} (secret), or null
 * @param refreshToken          {@code refresh-token} (secret), or null
 * @param expiresAt             {@code expires-at} (ISO-8601), or null = expired
 * @param profileArn            {@code profile-arn} (social only), or null
 * @param clientId              {@code client-id} (OIDC), or null
 * @param clientSecret          {@code client-secret} (OIDC, secret), or null
 * @param clientSecretExpiresAt {@code client-secret-expires-at} (ISO-8601; epoch seconds accepted), or null
 * @param region                {@code region}: the credential (auth) region
 * @param apiRegion             {@code api-region}, or null to derive it
 * @param startUrl              {@code start-url} (OIDC), or null
 * @param machineId             {@code machine-id}: 64 lower-case hex, or null
 * @param provider              {@code provider}: {@code google}/{@code github} (informational), or null
 * @param email                 {@code email}, or null
 * @param accountType           {@code account-type} learned from usage limits (FREE, PRO, ...), or null
 */
public record KiroCredentials(AuthMethod authMethod, String accessToken, String refreshToken, Instant expiresAt,
                              String profileArn, String clientId, String clientSecret, Instant clientSecretExpiresAt,
                              String region, String apiRegion, String startUrl, String machineId, String provider,
                              String email, String accountType) {

    private static final Pattern MACHINE_ID = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern ARN_REGION = Pattern.compile("^arn:aws:codewhisperer:([a-z0-9-]+):.*");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The last credentials read per account id, with the JSON they were read from. */
    private static final ConcurrentHashMap<Long, Parsed> PARSED = new ConcurrentHashMap<>();

    private record Parsed(JsonObject source, KiroCredentials credentials) {
    }

    /**
     * An account's credentials, read once per version of them: the kernel hands a plugin a new credential object
     * whenever they change (a refresh, an admin edit), so the same object means the same credentials. Every
     * request reads them two or three times (the refresh check, the request itself); reading means a dozen field
     * lookups and parsing two timestamps.
     */
    public static KiroCredentials of(Account account) {
        JsonObject source = account.credentials();
        Parsed p = PARSED.get(account.id());
        if (p != null && p.source() == source) {
            return p.credentials();
        }
        KiroCredentials c = fromJson(source);
        PARSED.put(account.id(), new Parsed(source, c));
        return c;
    }

    /**
     * Reads stored credentials. A missing {@code auth-method} is inferred as imports do: client credentials →
     * builder-id, else social.
     */
    public static KiroCredentials fromJson(JsonObject o) {
        String clientId = blankToNull(Jsons.str(o, "client-id"));
        AuthMethod method = AuthMethod.fromWire(Jsons.str(o, "auth-method"));
        if (method == null) {
            method = clientId != null ? AuthMethod.BUILDER_ID : AuthMethod.SOCIAL;
        }
        return new KiroCredentials(method, blankToNull(Jsons.str(o, "access-token")),
                blankToNull(Jsons.str(o, "refresh-token")), instant(o.get("expires-at")),
                blankToNull(Jsons.str(o, "profile-arn")), clientId, blankToNull(Jsons.str(o, "client-secret")),
                instant(o.get("client-secret-expires-at")), blankToNull(Jsons.str(o, "region")),
                blankToNull(Jsons.str(o, "api-region")), blankToNull(Jsons.str(o, "start-url")),
                blankToNull(Jsons.str(o, "machine-id")), blankToNull(Jsons.str(o, "provider")),
                blankToNull(Jsons.str(o, "email")), blankToNull(Jsons.str(o, "account-type")));
    }

    /** The stored form, kebab-case keys, absent values omitted. */
    public JsonObject toJson() {
        JsonObjectBuilder b = Jsons.objectBuilder().add("auth-method", authMethod.wire());
        put(b, "access-token", accessToken);
        put(b, "refresh-token", refreshToken);
        put(b, "expires-at", expiresAt == null ? null : expiresAt.toString());
        put(b, "profile-arn", profileArn);
        put(b, "client-id", clientId);
        put(b, "client-secret", clientSecret);
        put(b, "client-secret-expires-at", clientSecretExpiresAt == null ? null : clientSecretExpiresAt.toString());
        put(b, "region", region);
        put(b, "api-region", apiRegion);
        put(b, "start-url", startUrl);
        put(b, "machine-id", machineId);
        put(b, "provider", provider);
        put(b, "email", email);
        put(b, "account-type", accountType);
        return b.build();
    }

    private static void put(JsonObjectBuilder b, String key, String value) {
        if (value != null) {
            b.add(key, value);
        }
    }

    /** The credential region; social accounts and unknown regions use {@code us-east-1}. */
    public String authRegion() {
        return region == null ? "us-east-1" : region;
    }

    /**
     * The region of chat and usage calls: {@code api-region}, else the region inside a social account's
     * {@code profile-arn}, else the instance default.
     */
    public String apiRegion(String instanceDefault) {
        if (apiRegion != null) {
            return apiRegion;
        }
        if (authMethod == AuthMethod.SOCIAL && profileArn != null) {
            var m = ARN_REGION.matcher(profileArn);
            if (m.matches()) {
                return m.group(1);
            }
        }
        return instanceDefault;
    }

    /** The profile ARN to send: social accounts only (Kiro wants the key absent, not null, for builder-id/idc). */
    public String profileArnToSend() {
        return authMethod == AuthMethod.SOCIAL ? profileArn : null;
    }

    /** The stored machine id, or a stable one derived from {@code seed} when none is stored yet. */
    public String machineIdOr(String seed) {
        return machineId != null && MACHINE_ID.matcher(machineId).matches() ? machineId : sha256Hex(seed);
    }

    public KiroCredentials withTokens(String access, String refresh, Instant expires, String arn) {
        return new KiroCredentials(authMethod, access, refresh, expires, arn, clientId, clientSecret,
                clientSecretExpiresAt, region, apiRegion, startUrl, machineId, provider, email, accountType);
    }

    public KiroCredentials withMachineId(String id) {
        return new KiroCredentials(authMethod, accessToken, refreshToken, expiresAt, profileArn, clientId,
                clientSecret, clientSecretExpiresAt, region, apiRegion, startUrl, id, provider, email, accountType);
    }

    public KiroCredentials withProfile(String newEmail, String newAccountType) {
        return new KiroCredentials(authMethod, accessToken, refreshToken, expiresAt, profileArn, clientId,
                clientSecret, clientSecretExpiresAt, region, apiRegion, startUrl, machineId, provider,
                newEmail == null ? email : newEmail, newAccountType == null ? accountType : newAccountType);
    }

    /** True for a 64-hex machine id. */
    public static boolean isMachineId(String s) {
        return s != null && MACHINE_ID.matcher(s).matches();
    }

    /** A fresh random machine id (what flows and imports store per account). */
    public static String randomMachineId() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** SHA-256 of a string as 64 lower-case hex. */
    public static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    /**
     * Reads a time: an ISO-8601 string (with offset or {@code Z}), or epoch seconds / milliseconds as a number or
     * numeric string (values above 10^11 are milliseconds). Null or unreadable → null.
     */
    public static Instant instant(JsonValue v) {
        if (v == null) {
            return null;
        }
        if (v instanceof JsonNumber n) {
            return epoch(n.bigDecimalValue());
        }
        if (v instanceof JsonString s) {
            return parseInstant(s.getString());
        }
        return null;
    }

    /** {@link #instant(JsonValue)} for a string. */
    public static Instant parseInstant(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String t = raw.trim();
        if (NUMBER.matcher(t).matches()) { // tested first: an ISO time would cost a NumberFormatException
            try {
                return epoch(new BigDecimal(t));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(t);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    private static Instant epoch(BigDecimal n) {
        BigDecimal millis = n.compareTo(BigDecimal.valueOf(100_000_000_000L)) > 0 ? n : n.movePointRight(3);
        return Instant.ofEpochMilli(millis.longValue());
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Override
    public String toString() {
        return "KiroCredentials[" + authMethod.wire() + ", region=" + region + ", expiresAt=" + expiresAt
                + ", accessToken=" + mask(accessToken) + ", refreshToken=" + mask(refreshToken) + ", clientSecret="
                + mask(clientSecret) + "]";
    }

    private static String mask(String s) {
        return s == null ? "absent" : "***";
    }
}
