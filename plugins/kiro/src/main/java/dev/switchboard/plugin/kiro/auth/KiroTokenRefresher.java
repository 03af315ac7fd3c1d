package dev.switchboard.plugin.kiro.auth;

import dev.switchboard.spi.Account;
import dev.switchboard.spi.CredentialRefresher;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Refreshes Kiro access tokens: social accounts at the Kiro auth service, Builder ID / IdC
 * accounts at AWS SSO OIDC in their own region. Returns the complete new credential JSON for the kernel to persist:
 * a non-empty rotated refresh token replaces the old one, a missing one never erases it, a returned
 * {@code profileArn} replaces the stored one, and an account without a stored machine id gets one. Permanent
 * refusals ({@code invalid_grant}, {@code Invalid refresh token provided}, {@code invalid_client},
 * {@code unauthorized_client}, an expired client registration) are {@link ErrorKind#UPSTREAM_AUTH}.
 *
 * <p>Stateless apart from its collaborators and thread-safe; the kernel makes refreshes single-flight per account.
 */
public final class KiroTokenRefresher implements CredentialRefresher {
    private final SocialAuthClient social;
    private final OidcClient oidc;
    private final Clock clock;
    private final Duration margin;
    private final Logger log;

    public KiroTokenRefresher(SocialAuthClient social, OidcClient oidc, Clock clock, Duration margin, Logger log) {
        this.social = social;
        this.oidc = oidc;
        this.clock = clock;
        this.margin = margin;
        this.log = log;
    }

    @Override
    public boolean canRefresh(Account account) {
        KiroCredentials c = KiroCredentials.of(account);
        if (c.refreshToken() == null) {
            return false;
        }
        return !c.authMethod().isOidc() || c.clientId() != null && c.clientSecret() != null;
    }

    /** The stored expiry; a missing one counts as already expired, so the kernel refreshes first. */
    @Override
    public Optional<Instant> expiresAt(Account account) {
        Instant at = KiroCredentials.of(account).expiresAt();
        return Optional.of(at == null ? Instant.EPOCH : at);
    }

    @Override
    public Duration margin() {
        return margin;
    }

    @Override
    public JsonObject refresh(Account account) throws GatewayException {
        return refreshCredentials(account.name(), KiroCredentials.of(account),
                seed(account)).toJson();
    }

    /** The stable machine-id seed of an account that has none stored yet. */
    public static String seed(Account account) {
        return "switchboard-kiro:" + account.provider() + "/" + account.name();
    }

    /**
     * Refreshes typed credentials (also used by flows and imports before an account is stored).
     *
     * @param name the account name, for log lines
     * @param seed seed of a derived machine id when none is stored
     */
    public KiroCredentials refreshCredentials(String name, KiroCredentials c, String seed) throws GatewayException {
        if (c.refreshToken() == null) {
            throw new GatewayException(ErrorKind.UPSTREAM_AUTH,
                    "Kiro account '" + name + "' has no refresh token; it must sign in again");
        }
        String machineId = c.machineIdOr(seed);
        KiroCredentials base = c.machineId() == null ? c.withMachineId(machineId) : c;
        KiroCredentials updated = c.authMethod().isOidc() ? refreshOidc(name, base) : refreshSocial(base, machineId);
        log.fine(() -> "refreshed Kiro account '" + name + "' (" + c.authMethod().wire() + "), expires "
                + updated.expiresAt());
        return updated;
    }

    private KiroCredentials refreshSocial(KiroCredentials c, String machineId) throws GatewayException {
        SocialAuthClient.SocialTokens t = social.refresh(c.authRegion(), c.refreshToken(), machineId);
        return c.withTokens(t.accessToken(), t.refreshToken() != null ? t.refreshToken() : c.refreshToken(),
                t.expiresAt(), t.profileArn() != null ? t.profileArn() : c.profileArn());
    }

    private KiroCredentials refreshOidc(String name, KiroCredentials c) throws GatewayException {
        if (c.clientId() == null || c.clientSecret() == null) {
            throw new GatewayException(ErrorKind.UPSTREAM_AUTH, "Kiro account '" + name
                    + "' has no OIDC client credentials; it must sign in again");
        }
        Instant now = clock.instant();
        if (c.clientSecretExpiresAt() != null && !c.clientSecretExpiresAt().isAfter(now)) {
            throw new GatewayException(ErrorKind.UPSTREAM_AUTH, "the OIDC client registration of Kiro account '"
                    + name + "' expired at " + c.clientSecretExpiresAt() + "; it must sign in again");
        }
        OidcClient.TokenResult r = oidc.refresh(c.authRegion(), c.clientId(), c.clientSecret(), c.refreshToken());
        return switch (r) {
            case OidcClient.Tokens t -> c.withTokens(t.accessToken(),
                    t.refreshToken() != null ? t.refreshToken() : c.refreshToken(), now.plus(t.expiresIn()), c.profileArn());
            case OidcClient.OidcError e -> throw oidcFailure(name, e);
        };
    }

    private static GatewayException oidcFailure(String name, OidcClient.OidcError e) {
        String detail = e.code() + (e.description() == null ? "" : ": " + e.description());
        if (e.permanent()) {
            return GatewayException.builder(ErrorKind.UPSTREAM_AUTH).upstreamStatus(e.status())
                    .message("the OIDC refresh of Kiro account '" + name + "' was refused (" + detail
                            + "); it must sign in again").build();
        }
        ErrorKind kind = e.status() == 429 ? ErrorKind.UPSTREAM_RATE_LIMITED : ErrorKind.UPSTREAM_SERVER;
        return GatewayException.builder(kind).upstreamStatus(e.status())
                .message("the OIDC refresh of Kiro account '" + name + "' failed (HTTP " + e.status() + ", "
                        + detail + ")").build();
    }
}
