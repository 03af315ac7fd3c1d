package dev.switchboard.transport;

import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import java.net.URI;
import java.util.Locale;

/**
 * Where a request goes: scheme, host and effective port of its URI. {@link #display()} is the only form
 * that appears in messages and logs — never the path or query, which may carry keys.
 *
 * <p>Immutable and thread-safe.
 *
 * @param scheme {@code http} or {@code https}
 * @param host   host as written in the URI (IPv6 literals keep their brackets)
 * @param port   explicit port, else 80/443
 */
record UpstreamTarget(String scheme, String host, int port) {

    static UpstreamTarget of(URI uri) throws GatewayException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            // A plugin bug, not an upstream failure: the account must not be penalised.
            throw new GatewayException(ErrorKind.INTERNAL, "upstream URI must be absolute http(s), got scheme '"
                    + scheme + "'");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new GatewayException(ErrorKind.INTERNAL, "upstream URI has no host");
        }
        int port = uri.getPort() > 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return new UpstreamTarget(scheme, uri.getHost(), port);
    }

    boolean tls() {
        return scheme.equals("https");
    }

    /** The host without IPv6 brackets, as resolvers and TLS want it. */
    String bareHost() {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** {@code scheme://host:port}: safe for messages. */
    String display() {
        return scheme + "://" + host + ":" + port;
    }

    @Override
    public String toString() {
        return display();
    }
}
