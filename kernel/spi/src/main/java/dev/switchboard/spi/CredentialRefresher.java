package dev.switchboard.spi;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Refreshes short-lived account credentials. The kernel calls it ahead of expiry (on its scheduler and
 * before a request), once after an upstream 401, single-flight per account, and persists the returned
 * credentials before the next use. Implementations are thread-safe and do no persistence themselves.
 */
public interface CredentialRefresher {

    /** Whether this account holds what a refresh needs (a refresh token, client credentials). */
    boolean canRefresh(Account account);

    /** When the current access credential expires, or empty when it does not expire or is unknown. */
    Optional<Instant> expiresAt(Account account);

    /** How long before expiry to refresh. */
    default Duration margin() {
        return Duration.ofMinutes(5);
    }

    /**
     * Exchanges the refresh credential and returns the account's complete new credential JSON (rotated
     * refresh token included; the old one kept when the upstream returned none).
     *
     * @throws GatewayException {@link ErrorKind#UPSTREAM_AUTH} when the grant is permanently rejected
     *                          ({@code invalid_grant}): the account becomes reauth-required; any other kind
     *                          is transient and the old credential stays in use while it is valid
     */
    JsonObject refresh(Account account) throws GatewayException;
}
