package dev.switchboard.plugin.kiro.auth;

import dev.switchboard.plugin.kiro.KiroEndpoints;
import dev.switchboard.plugin.kiro.KiroHttp;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.HttpHeaders;
import dev.switchboard.spi.HttpTransport;
import dev.switchboard.spi.UpstreamRequest;
import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The AWS SSO OIDC operations Kiro uses: client registration, device authorization and
 * the token endpoint (device-code and refresh-token grants). Errors are read from the body's {@code error}, else
 * from the {@code x-amzn-errortype} header. Stateless and thread-safe.
 */
public final class OidcClient {
    static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
    private static final String SCOPES = "[\"codewhisperer:completions\",\"codewhisperer:analysis\","
            + "\"codewhisperer:conversations\",\"codewhisperer:transformations\",\"codewhisperer:taskassist\"]";

    private final HttpTransport transport;
    private final KiroEndpoints endpoints;

    public OidcClient(HttpTransport transport, KiroEndpoints endpoints) {
        this.transport = transport;
        this.endpoints = endpoints;
    }

    /** A registered public client. {@code clientSecret} is secret. */
    public record Registration(String clientId, String clientSecret, Instant clientSecretExpiresAt) {
        @Override
        public String toString() {
            return "Registration[" + clientId + ", expires " + clientSecretExpiresAt + "]";
        }
    }

    /** A started device authorization. {@code deviceCode} is secret. */
    public record DeviceAuthorization(String deviceCode, String userCode, String verificationUri,
                                      String verificationUriComplete, Duration expiresIn, Duration interval) {
        @Override
        public String toString() {
            return "DeviceAuthorization[" + userCode + ", " + verificationUri + "]";
        }
    }

    /** The outcome of one {@code /token} call. */
    public sealed interface TokenResult {
    }

    /** Tokens issued (secrets). {@code refreshToken} may be null when the server did not rotate it. */
    public record Tokens(String accessToken, String refreshToken, Duration expiresIn) implements TokenResult {
        @Override
        public String toString() {
            return "Tokens[expiresIn=" + expiresIn + "]";
        }
    }

    /**
     * An OAuth error ({@code authorization_pending}, {@code slow_down}, {@code expired_token}, {@code invalid_grant},
     * ...).
     *
     * @param status      HTTP status
     * @param code        the OAuth error code (lower-case snake case)
     * @param description the server's description, or null
     */
    public record OidcError(int status, String code, String description) implements TokenResult {
        /** True when the grant can never succeed again: the account must sign in anew. */
        public boolean permanent() {
            return switch (code) {
                case "invalid_grant", "invalid_client", "unauthorized_client", "access_denied", "expired_token" -> true;
                default -> false;
            };
        }
    }

    /** {@code POST /client/register}: the device-code flow's first step. */
    public Registration register(String region) throws GatewayException {
        String body = "{\"clientName\":\"KiroIDE\",\"clientType\":\"public\",\"scopes\":" + SCOPES
                + ",\"grantTypes\":[\"" + DEVICE_GRANT + "\",\"refresh_token\"]}";
        KiroHttp.Result r = post(region, "/client/register", body);
        JsonObject o = requireOk(r, "client registration");
        String id = Jsons.str(o, "clientId");
        String secret = Jsons.str(o, "clientSecret");
        if (id == null || secret == null) {
            throw new GatewayException(ErrorKind.UPSTREAM_BAD_RESPONSE, "OIDC client registration returned no client credentials");
        }
        return new Registration(id, secret, KiroCredentials.instant(o.get("clientSecretExpiresAt")));
    }

    /** {@code POST /device_authorization}, the second step; defaults 600 s and 5 s when absent. */
    public DeviceAuthorization startDeviceAuthorization(String region, Registration client, String startUrl)
            throws GatewayException {
        String body = Jsons.objectBuilder().add("clientId", client.clientId())
                .add("clientSecret", client.clientSecret()).add("startUrl", startUrl).build().toString();
        JsonObject o = requireOk(post(region, "/device_authorization", body), "device authorization");
        String deviceCode = Jsons.str(o, "deviceCode");
        String userCode = Jsons.str(o, "userCode");
        if (deviceCode == null || userCode == null) {
            throw new GatewayException(ErrorKind.UPSTREAM_BAD_RESPONSE, "OIDC device authorization returned no codes");
        }
        String uri = Jsons.str(o, "verificationUri");
        String complete = Jsons.str(o, "verificationUriComplete", uri);
        long expires = Jsons.lng(o, "expiresIn", 600);
        long interval = Math.max(1, Jsons.lng(o, "interval", 5));
        return new DeviceAuthorization(deviceCode, userCode, uri, complete, Duration.ofSeconds(expires),
                Duration.ofSeconds(interval));
    }

    /** One device-code poll of {@code /token}, the third step. */
    public TokenResult pollDeviceToken(String region, Registration client, String deviceCode) throws GatewayException {
        String body = Jsons.objectBuilder().add("clientId", client.clientId())
                .add("clientSecret", client.clientSecret()).add("grantType", DEVICE_GRANT)
                .add("deviceCode", deviceCode).build().toString();
        return token(post(region, "/token", body));
    }

    /** A refresh-token grant at {@code /token}. */
    public TokenResult refresh(String region, String clientId, String clientSecret, String refreshToken)
            throws GatewayException {
        String body = Jsons.objectBuilder().add("clientId", clientId).add("clientSecret", clientSecret)
                .add("grantType", "refresh_token").add("refreshToken", refreshToken).build().toString();
        return token(post(region, "/token", body));
    }

    private TokenResult token(KiroHttp.Result r) throws GatewayException {
        if (r.ok()) {
            JsonObject o = r.json("OIDC token endpoint");
            String access = Jsons.str(o, "accessToken");
            if (access == null || access.isBlank()) {
                throw new GatewayException(ErrorKind.UPSTREAM_BAD_RESPONSE, "OIDC token endpoint returned no access token");
            }
            String refresh = Jsons.str(o, "refreshToken");
            return new Tokens(access, refresh == null || refresh.isBlank() ? null : refresh,
                    Duration.ofSeconds(Jsons.lng(o, "expiresIn", 3600)));
        }
        return error(r);
    }

    /** Reads an OIDC error: body {@code error}, else the {@code x-amzn-errortype} name before {@code :}. */
    static OidcError error(KiroHttp.Result r) {
        JsonObject o = r.jsonOrEmpty();
        String code = Jsons.str(o, "error");
        if (code == null || code.isBlank()) {
            code = fromErrorType(r.headers().get("x-amzn-errortype"));
        }
        if (code == null) {
            code = r.status() >= 500 ? "server_error" : "http_" + r.status();
        }
        String description = Jsons.str(o, "error_description");
        if (description == null) {
            description = Jsons.str(o, "message");
        }
        return new OidcError(r.status(), code, description);
    }

    /** {@code AuthorizationPendingException:http://…} → {@code authorization_pending}. */
    static String fromErrorType(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String name = header.split(":", 2)[0].trim();
        if (name.endsWith("Exception")) {
            name = name.substring(0, name.length() - "Exception".length());
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (Character.isUpperCase(ch) && i > 0) {
                sb.append('_');
            }
            sb.append(Character.toLowerCase(ch));
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }

    private JsonObject requireOk(KiroHttp.Result r, String what) throws GatewayException {
        if (r.ok()) {
            return r.json("OIDC " + what);
        }
        OidcError e = error(r);
        ErrorKind kind = r.status() >= 500 ? ErrorKind.UPSTREAM_SERVER
                : r.status() == 429 ? ErrorKind.UPSTREAM_RATE_LIMITED : ErrorKind.INVALID_REQUEST;
        throw GatewayException.builder(kind).upstreamStatus(r.status())
                .message("OIDC " + what + " failed: HTTP " + r.status() + " " + e.code()
                        + (e.description() == null ? "" : " (" + e.description() + ")"))
                .build();
    }

    private KiroHttp.Result post(String region, String path, String json) throws GatewayException {
        HttpHeaders h = HttpHeaders.create().set("content-type", "application/json").set("accept", "application/json");
        return KiroHttp.exchange(transport, UpstreamRequest.postJson(endpoints.oidcUri(region, path), h, json));
    }
}
