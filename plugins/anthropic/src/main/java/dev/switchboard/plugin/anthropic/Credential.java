package dev.switchboard.plugin.anthropic;

import dev.switchboard.spi.Account;
import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.HttpHeaders;
import dev.switchboard.spi.PluginConfig;
import java.util.Set;

/**
 * An account's credential and the one header that carries it: an {@code api-key} goes in {@code x-api-key} (Anthropic's
 * console keys, and most compatible vendors), an {@code auth-token} in {@code Authorization: Bearer} (vendors and
 * proxies that want a bearer token, the way Claude Code's {@code ANTHROPIC_AUTH_TOKEN} works). An account has exactly
 * one. The value is a secret: it is only ever written into the upstream request's headers.
 */
final class Credential {
    static final String API_KEY = "api-key";
    static final String AUTH_TOKEN = "auth-token";
    static final Set<String> KEYS = Set.of(API_KEY, AUTH_TOKEN);
    /** Headers that carry a credential; the gateway sets them from the account, never from configuration. */
    static final Set<String> HEADERS = Set.of("x-api-key", "authorization");

    private Credential() {
    }

    /** Checks one {@code accounts:} entry: exactly one of {@code api-key} and {@code auth-token}. */
    static void validate(PluginConfig entry) throws ConfigException {
        entry.rejectUnknownKeys(KEYS);
        boolean key = entry.secret(API_KEY).isPresent();
        boolean token = entry.secret(AUTH_TOKEN).isPresent();
        if (!key && !token) {
            throw entry.problem(API_KEY, "an account needs an api-key (sent as x-api-key) or an auth-token "
                    + "(sent as Authorization: Bearer)");
        }
        if (key && token) {
            throw entry.problem(AUTH_TOKEN, "give either an api-key or an auth-token, not both");
        }
    }

    /**
     * Sets the account's credential header on {@code h}.
     *
     * @throws GatewayException when the stored account has neither (an account edited outside validation)
     */
    static void apply(Account account, HttpHeaders h) throws GatewayException {
        String key = account.credential(API_KEY);
        if (key != null && !key.isBlank()) {
            h.set("x-api-key", key.strip());
            return;
        }
        String token = account.credential(AUTH_TOKEN);
        if (token != null && !token.isBlank()) {
            h.set("authorization", "Bearer " + token.strip());
            return;
        }
        throw new GatewayException(ErrorKind.UPSTREAM_AUTH, "account '" + account.name()
                + "' has neither an api-key nor an auth-token");
    }
}
