package dev.switchboard.kernel.auth;

import dev.switchboard.kernel.store.KeyCheck;
import dev.switchboard.spi.Dialect;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerRequestHeaders;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Finds the caller's key — {@code x-api-key} first on Anthropic routes, {@code Authorization: Bearer} first on
 * OpenAI routes, never the query string (URLs end up in logs) — and checks it against the stored keys (YAML keys are
 * upserted into the database at start). With no key configured anywhere, only loopback clients are served and any key they send is
 * ignored. Thread-safe.
 */
public final class ClientAuthenticator {
    private static final Logger LOG = Logger.getLogger(ClientAuthenticator.class.getName());

    private final StoredClientKeys keys;
    private volatile boolean warnedLoopback;

    public ClientAuthenticator(StoredClientKeys keys) {
        this.keys = keys;
    }

    /** True when no client key exists, so only loopback clients are served. */
    public boolean loopbackOnly() {
        return !keys.anyKeys();
    }

    /**
     * @throws GatewayException {@link ErrorKind#CLIENT_AUTH} for a missing, wrong, revoked or expired key;
     *                          {@link ErrorKind#PERMISSION} for a non-loopback client in loopback-only mode
     */
    public ClientPrincipal authenticate(ServerRequestHeaders headers, SocketAddress remote, Dialect dialect)
            throws GatewayException {
        if (loopbackOnly()) {
            if (!isLoopback(remote)) {
                throw new GatewayException(ErrorKind.PERMISSION, "this gateway has no client keys configured and "
                        + "serves loopback clients only; create a client key to allow remote clients");
            }
            if (!warnedLoopback) {
                warnedLoopback = true;
                LOG.warning("no client key is configured: serving loopback clients only and ignoring any key they"
                        + " send; add clients.keys in the configuration or create one with POST /admin/keys");
            }
            return ClientPrincipal.LOOPBACK;
        }
        Optional<String> presented = presentedKey(headers, dialect);
        if (presented.isEmpty()) {
            throw new GatewayException(ErrorKind.CLIENT_AUTH, "missing API key: send it as 'x-api-key' or"
                    + " 'Authorization: Bearer <key>'");
        }
        KeyCheck c = keys.check(presented.get());
        return switch (c.status()) {
            case VALID -> StoredClientKeys.principal(c.key());
            case REVOKED -> throw new GatewayException(ErrorKind.CLIENT_AUTH, "API key '" + c.key().name()
                    + "' has been revoked");
            case EXPIRED -> throw new GatewayException(ErrorKind.CLIENT_AUTH, "API key '" + c.key().name()
                    + "' has expired");
            default -> throw new GatewayException(ErrorKind.CLIENT_AUTH, "invalid API key");
        };
    }

    static Optional<String> presentedKey(ServerRequestHeaders headers, Dialect dialect) {
        Optional<String> apiKey = headers.first(HeaderNames.create("x-api-key")).map(String::trim)
                .filter(s -> !s.isEmpty());
        Optional<String> bearer = headers.first(HeaderNames.AUTHORIZATION).map(String::trim)
                .filter(v -> v.regionMatches(true, 0, "Bearer ", 0, 7)).map(v -> v.substring(7).trim())
                .filter(s -> !s.isEmpty());
        return dialect == Dialect.ANTHROPIC ? apiKey.or(() -> bearer) : bearer.or(() -> apiKey);
    }

    public static boolean isLoopback(SocketAddress remote) {
        if (remote instanceof InetSocketAddress isa) {
            InetAddress a = isa.getAddress();
            return a != null && a.isLoopbackAddress();
        }
        return false;
    }
}
