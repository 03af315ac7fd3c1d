package dev.switchboard.plugin.kiro.auth;

import dev.switchboard.plugin.kiro.ClientIdentity;
import dev.switchboard.plugin.kiro.KiroEndpoints;
import dev.switchboard.plugin.kiro.KiroHttp;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.HttpHeaders;
import dev.switchboard.spi.HttpTransport;
import dev.switchboard.spi.UpstreamRequest;
import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;

/**
 * The Kiro social auth service: token refresh and the sign-in flow's code exchange. Stateless and
 * thread-safe.
 */
public final class SocialAuthClient {
    private final HttpTransport transport;
    private final KiroEndpoints endpoints;
    private final ClientIdentity identity;
    private final Clock clock;

    public SocialAuthClient(HttpTransport transport, KiroEndpoints endpoints, ClientIdentity identity, Clock clock) {
        this.transport = transport;
        this.endpoints = endpoints;
        this.identity = identity;
        this.clock = clock;
    }

    /**
     * Tokens from the social service (secrets).
     *
     * @param accessToken  the new access token
     * @param refreshToken the rotated refresh token, or null when none was returned
     * @param profileArn   the returned profile ARN, or null
     * @param expiresAt    {@code now + expiresIn}, or the ISO {@code expiresAt}, or {@code now + 3600 s}
     */
    public record SocialTokens(String accessToken, String refreshToken, String profileArn, Instant expiresAt) {
        @Override
        public String toString() {
            return "SocialTokens[expiresAt=" + expiresAt + "]";
        }
    }

    /**
     * Exchanges a refresh token at {@code refreshToken}.
     *
     * @throws GatewayException {@link ErrorKind#UPSTREAM_AUTH} when the token is permanently refused; other kinds
     *                          for transient failures
     */
    public SocialTokens refresh(String authRegion, String refreshToken, String machineId) throws GatewayException {
        HttpHeaders h = HttpHeaders.create()
                .set("content-type", "application/json")
                .set("accept", "application/json, text/plain, */*")
                .set("user-agent", identity.kiroAgent(machineId));
        String body = Jsons.objectBuilder().add("refreshToken", refreshToken).build().toString();
        KiroHttp.Result r = KiroHttp.exchange(transport,
                UpstreamRequest.postJson(endpoints.refreshUri(authRegion), h, body));
        if (!r.ok()) {
            throw failure(r, "social token refresh");
        }
        return tokens(r.json("social token refresh"), "social token refresh");
    }

    /** Exchanges an authorization code; {@code redirectUri} is byte-identical to the login's. */
    public SocialTokens exchangeCode(String code, String codeVerifier, String redirectUri) throws GatewayException {
        HttpHeaders h = HttpHeaders.create().set("content-type", "application/json").set("user-agent", "KiroIDE");
        String body = Jsons.objectBuilder().add("code", code).add("code_verifier", codeVerifier)
                .add("redirect_uri", redirectUri).build().toString();
        KiroHttp.Result r = KiroHttp.exchange(transport,
                UpstreamRequest.postJson(endpoints.loginUri("/oauth/token"), h, body));
        if (!r.ok()) {
            throw failure(r, "social code exchange");
        }
        return tokens(r.json("social code exchange"), "social code exchange");
    }

    private SocialTokens tokens(JsonObject o, String what) throws GatewayException {
        String access = Jsons.str(o, "accessToken");
        if (access == null || access.isBlank()) {
            throw new GatewayException(ErrorKind.UPSTREAM_BAD_RESPONSE, what + " returned no access token");
        }
        Instant now = clock.instant();
        Long expiresIn = Jsons.lng(o, "expiresIn");
        Instant expiresAt = expiresIn != null ? now.plusSeconds(expiresIn)
                : KiroCredentials.instant(o.get("expiresAt"));
        if (expiresAt == null) {
            expiresAt = now.plusSeconds(3600);
        }
        String refresh = Jsons.str(o, "refreshToken");
        String arn = Jsons.str(o, "profileArn");
        return new SocialTokens(access, refresh == null || refresh.isBlank() ? null : refresh,
                arn == null || arn.isBlank() ? null : arn, expiresAt);
    }

    /**
     * Outcomes: {@code Invalid refresh token provided}, {@code invalid_grant} and 401/403 are permanent
     * ({@link ErrorKind#UPSTREAM_AUTH}); 429 and 5xx are transient.
     */
    static GatewayException failure(KiroHttp.Result r, String what) {
        String text = r.text();
        String lower = text.toLowerCase(Locale.ROOT);
        String message = Jsons.str(r.jsonOrEmpty(), "message");
        boolean permanent = r.status() == 401 || r.status() == 403
                || r.status() == 400 && (lower.contains("invalid refresh token") || lower.contains("invalid_grant"));
        ErrorKind kind;
        String reason;
        if (permanent) {
            kind = ErrorKind.UPSTREAM_AUTH;
            reason = what + " was refused (HTTP " + r.status() + (message == null ? "" : ": " + message)
                    + "); the account must sign in again";
        } else if (r.status() == 429) {
            kind = ErrorKind.UPSTREAM_RATE_LIMITED;
            reason = what + " was throttled (HTTP 429)";
        } else {
            kind = ErrorKind.UPSTREAM_SERVER;
            reason = what + " failed (HTTP " + r.status() + (message == null ? "" : ": " + message) + ")";
        }
        return GatewayException.builder(kind).upstreamStatus(r.status()).message(reason).build();
    }
}
