package dev.switchboard.plugin.factory.auth;

import dev.switchboard.spi.Account;
import dev.switchboard.spi.CredentialRefresher;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.HttpHeaders;
import dev.switchboard.spi.HttpTransport;
import dev.switchboard.spi.RetryAfter;
import dev.switchboard.spi.UpstreamRequest;
import dev.switchboard.spi.UpstreamResponse;
import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Refreshes WorkOS access tokens of refresh-token accounts: a form-encoded
 * {@code refresh_token} grant with the Factory CLI's client id, sent through the instance's transport (so
 * proxies rotate, as for every upstream call). Every success rotates the refresh token; the complete new credential
 * JSON (new refresh token, access token, {@code exp} from the JWT) goes back to the kernel, which persists it
 * before the token is used. {@code invalid_grant}/{@code invalid_client}/401 are permanent
 * ({@link ErrorKind#UPSTREAM_AUTH}: reauth-required); network errors, 429 and 5xx are transient, start a
 * backoff, and leave the old token in use while it is valid. Thread-safe (the kernel also makes refreshes
 * single-flight per account).
 */
public final class WorkOsRefresher implements CredentialRefresher {
    private static final Logger LOG = Logger.getLogger(WorkOsRefresher.class.getName());
    static final String PATH = "/user_management/authenticate";
    private static final Set<String> PERMANENT = Set.of("invalid_grant", "invalid_client", "unauthorized_client",
            "access_denied");
    private static final int BODY_LIMIT = 64 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpTransport transport;
    private final URI endpoint;
    private final String clientId;
    private final Duration margin;
    private final Clock clock;
    private final RefreshBackoff backoff;

    public WorkOsRefresher(HttpTransport transport, String workosBaseUrl, String clientId, Duration margin, Clock clock) {
        this.transport = transport;
        this.endpoint = URI.create(workosBaseUrl + PATH);
        this.clientId = clientId;
        this.margin = margin;
        this.clock = clock;
        this.backoff = new RefreshBackoff(clock);
    }

    @Override
    public boolean canRefresh(Account account) {
        return Credentials.isRefreshable(account);
    }

    /**
     * The access token's expiry; {@link Instant#EPOCH} (due at once) for a refresh-token account that has no
     * access token yet, so the kernel refreshes before its first use.
     */
    @Override
    public Optional<Instant> expiresAt(Account account) {
        if (!canRefresh(account)) {
            return Optional.empty();
        }
        if (account.credential(Credentials.ACCESS_TOKEN) == null) {
            return Optional.of(Instant.EPOCH);
        }
        return Credentials.accessExpiry(account);
    }

    @Override
    public Duration margin() {
        return margin;
    }

    @Override
    public JsonObject refresh(Account account) throws GatewayException {
        String refreshToken = account.credential(Credentials.REFRESH_TOKEN);
        if (refreshToken == null || refreshToken.isBlank()) {
            throw new GatewayException(ErrorKind.UPSTREAM_AUTH, "account '" + account.name() + "' has no refresh token");
        }
        Instant blocked = backoff.blockedUntil(account.id());
        if (blocked != null) {
            throw new GatewayException(ErrorKind.UPSTREAM_CONNECTION, "WorkOS refresh of '" + account.name()
                    + "' is backing off until " + blocked + " after earlier failures");
        }
        String form = "grant_type=refresh_token&refresh_token=" + enc(refreshToken) + "&client_id=" + enc(clientId);
        HttpHeaders h = HttpHeaders.create().set("content-type", "application/x-www-form-urlencoded")
                .set("accept", "application/json");
        UpstreamRequest req = new UpstreamRequest("POST", endpoint, h, form.getBytes(StandardCharsets.UTF_8), null,
                TIMEOUT, TIMEOUT);
        int status;
        byte[] body;
        HttpHeaders responseHeaders;
        try (UpstreamResponse res = transport.send(req)) {
            status = res.status();
            responseHeaders = res.headers();
            body = res.readBody(BODY_LIMIT);
        } catch (GatewayException e) {
            throw transientFailure(account, e.kind(), "WorkOS unreachable: " + e.getMessage(), null);
        }
        if (status / 100 != 2) {
            throw failure(account, status, body, responseHeaders);
        }
        JsonObject json;
        try {
            json = Jsons.parseObject(body);
        } catch (JsonException e) {
            throw transientFailure(account, ErrorKind.UPSTREAM_BAD_RESPONSE, "WorkOS sent an unreadable answer", null);
        }
        String access = Jsons.str(json, "access_token");
        if (access == null || access.isBlank()) {
            throw transientFailure(account, ErrorKind.UPSTREAM_BAD_RESPONSE, "WorkOS answer has no access_token", null);
        }
        backoff.succeeded(account.id());
        return rotated(account, json, access);
    }

    /** The account's credentials with the new tokens; the old refresh token is kept when WorkOS sent none. */
    private JsonObject rotated(Account account, JsonObject json, String access) {
        JsonObjectBuilder b = Jsons.objectBuilder(account.credentials());
        String rotated = Jsons.str(json, "refresh_token");
        if (rotated != null && !rotated.isBlank()) {
            b.add(Credentials.REFRESH_TOKEN, rotated);
        }
        b.add(Credentials.ACCESS_TOKEN, access);
        Optional<Instant> exp = Jwt.expiry(access);
        if (exp.isPresent()) {
            b.add(Credentials.EXPIRES_AT, exp.get().toString());
        } else {
            // An opaque token: without exp the kernel refreshes it only after an upstream 401.
            b.remove(Credentials.EXPIRES_AT);
        }
        b.add(Credentials.REFRESHED_AT, clock.instant().toString());
        JsonObject user = Jsons.obj(json, "user");
        String email = Jsons.str(user, "email");
        if (email != null) {
            b.add(Credentials.EMAIL, email);
        }
        String org = Jsons.str(json, "organization_id");
        if (org != null) {
            b.add(Credentials.ORGANIZATION_ID, org);
        }
        return b.build();
    }

    private GatewayException failure(Account account, int status, byte[] body, HttpHeaders headers) {
        JsonObject err = Jsons.tryParseObject(new String(body, StandardCharsets.UTF_8)).orElse(null);
        String code = err == null ? null : Jsons.str(err, "error");
        if (status == 401 || (status >= 400 && status < 500 && code != null && PERMANENT.contains(code))) {
            // The grant is dead (rotated elsewhere, revoked): only a new login helps. No token text in the message.
            LOG.log(Level.WARNING, "WorkOS rejected the refresh token of account {0}: HTTP {1} {2}",
                    new Object[]{account.name(), status, code == null ? "" : code});
            return GatewayException.builder(ErrorKind.UPSTREAM_AUTH).message("WorkOS rejected the refresh token of '"
                    + account.name() + "' (" + (code == null ? "HTTP " + status : code) + ")").upstreamStatus(status)
                    .build();
        }
        ErrorKind kind = status == 429 ? ErrorKind.UPSTREAM_RATE_LIMITED
                : status >= 500 ? ErrorKind.UPSTREAM_SERVER : ErrorKind.UPSTREAM_BAD_RESPONSE;
        return transientFailure(account, kind, "WorkOS refresh failed with HTTP " + status
                + (code == null ? "" : " (" + code + ")"), RetryAfter.from(headers, clock.instant()));
    }

    private GatewayException transientFailure(Account account, ErrorKind kind, String message, Duration retryAfter) {
        Duration wait = backoff.failed(account.id());
        LOG.log(Level.WARNING, "refresh of account {0} failed ({1}); next try in {2}s",
                new Object[]{account.name(), message, wait.toSeconds()});
        return GatewayException.builder(kind).message(message).retryAfter(retryAfter).build();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
