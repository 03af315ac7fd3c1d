package dev.switchboard.plugin.kiro.flow;

import dev.switchboard.plugin.kiro.KiroSettings;
import dev.switchboard.plugin.kiro.auth.AuthMethod;
import dev.switchboard.plugin.kiro.auth.KiroCredentials;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonObject;
import java.util.Locale;

/**
 * Maps the token files other tools write to {@link KiroCredentials}: the Kiro IDE's
 * {@code kiro-auth-token.json} (social, and IdC with {@code provider} BuilderId or Enterprise, whose client
 * registration comes from the companion {@code <clientIdHash>.json}) and the reference proxy's credential JSON.
 * Stateless.
 */
final class TokenImport {
    private TokenImport() {
    }

    /**
     * Maps one token document.
     *
     * @param token  Kiro IDE token JSON or reference-proxy credential JSON
     * @param client the {@code <clientIdHash>.json} content ({@code clientId}, {@code clientSecret}, ISO
     *               {@code expiresAt}), or null
     * @param email  a known e-mail (reference export), or null
     * @throws GatewayException a 400 naming what is missing
     */
    static KiroCredentials map(JsonObject token, JsonObject client, String email) throws GatewayException {
        String refresh = text(token, "refreshToken");
        if (refresh == null) {
            throw GatewayException.invalid("token.refreshToken", "the token JSON has no refreshToken");
        }
        String clientId = text(token, "clientId");
        String clientSecret = text(token, "clientSecret");
        var secretExpires = KiroCredentials.instant(token.get("clientSecretExpiresAt"));
        if (client != null) {
            clientId = text(client, "clientId") != null ? text(client, "clientId") : clientId;
            clientSecret = text(client, "clientSecret") != null ? text(client, "clientSecret") : clientSecret;
            var registrationExpiry = KiroCredentials.instant(client.get("expiresAt"));
            secretExpires = registrationExpiry != null ? registrationExpiry : secretExpires;
        }
        String profileArn = text(token, "profileArn");
        String startUrl = text(token, "startUrl");
        AuthMethod method = method(text(token, "authMethod"), text(token, "provider"), clientId, profileArn, startUrl);
        if (method.isOidc() && (clientId == null || clientSecret == null)) {
            throw GatewayException.invalid("client", "an IdC / Builder ID token needs its client registration: pass the"
                    + " content of <clientIdHash>.json from the same folder as \"client\"");
        }
        String region = method.isOidc() && text(token, "ssoRegion") != null ? text(token, "ssoRegion")
                : text(token, "region");
        if (region != null && !KiroSettings.isRegion(region)) {
            throw GatewayException.invalid("token.region", "'" + region + "' is not an AWS region");
        }
        if (method == AuthMethod.BUILDER_ID && startUrl == null) {
            startUrl = KiroSettings.BUILDER_ID_START_URL;
        }
        String provider = providerName(text(token, "provider"), method);
        String uuid = text(token, "uuid");
        // The reference proxy derives its machine id from uuid; keeping it keeps the account's fingerprint.
        String machineId = uuid != null ? KiroCredentials.sha256Hex(uuid) : KiroCredentials.randomMachineId();
        return new KiroCredentials(method, text(token, "accessToken"), refresh,
                KiroCredentials.instant(token.get("expiresAt")), method == AuthMethod.SOCIAL ? profileArn : null,
                method.isOidc() ? clientId : null, method.isOidc() ? clientSecret : null,
                method.isOidc() ? secretExpires : null, region == null ? "us-east-1" : region, null,
                method.isOidc() ? startUrl : null, machineId, provider, email, null);
    }

    /** The {@code auth-method} an {@code authMethod} + {@code provider} pair means. */
    static AuthMethod method(String authMethod, String provider, String clientId, String profileArn, String startUrl)
            throws GatewayException {
        String m = authMethod == null ? "" : authMethod.trim().toLowerCase(Locale.ROOT);
        String p = provider == null ? "" : provider.trim().toLowerCase(Locale.ROOT);
        switch (m) {
            case "social" -> {
                return AuthMethod.SOCIAL;
            }
            case "builder-id", "builderid" -> {
                return AuthMethod.BUILDER_ID;
            }
            case "idc", "identity-center" -> {
                if (p.equals("builderid")) {
                    return AuthMethod.BUILDER_ID;
                }
                if (p.equals("enterprise")) {
                    return AuthMethod.IDC;
                }
                return startUrl != null && !startUrl.startsWith(KiroSettings.BUILDER_ID_START_URL)
                        ? AuthMethod.IDC : AuthMethod.BUILDER_ID;
            }
            case "" -> {
                if (clientId != null) {
                    return AuthMethod.BUILDER_ID;
                }
                if (profileArn != null) {
                    return AuthMethod.SOCIAL;
                }
                throw GatewayException.invalid("token.authMethod", "the token JSON has no authMethod, no client"
                        + " credentials and no profileArn: cannot tell how it signs in");
            }
            default -> throw GatewayException.invalid("token.authMethod", "unknown authMethod '" + authMethod + "'");
        }
    }

    private static String providerName(String provider, AuthMethod method) {
        if (method != AuthMethod.SOCIAL || provider == null) {
            return null;
        }
        String p = provider.trim().toLowerCase(Locale.ROOT);
        return p.equals("google") || p.equals("github") ? p : null;
    }

    private static String text(JsonObject o, String key) {
        String s = Jsons.str(o, key);
        return s == null || s.isBlank() ? null : s.trim();
    }
}
