package dev.switchboard.transport;

import io.helidon.common.buffers.DataReader;
import io.helidon.webclient.api.RuntimeUnknownHostException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;

/**
 * Establishing a connection failed: nothing of the request was sent, so another route may be tried.
 * {@link #reason()} is a short, secret-free description for messages (no host names, no URLs).
 *
 * <p>Immutable.
 */
final class ConnectFailure extends Exception {
    /** What went wrong, as far as the caller needs to know. */
    enum Kind {
        /** The connect phase ran out of time (connect-timeout or the total deadline). */
        TIMEOUT,
        /** The TLS handshake with the target failed (the tunnel, if any, was up). */
        TLS,
        /** The proxy answered CONNECT with a non-2xx status (e.g. 407 for bad credentials). */
        PROXY_REJECTED,
        /** Refused, unreachable, unknown host, closed or reset. */
        CONNECTION
    }

    private final Kind kind;
    private final String reason;

    ConnectFailure(Kind kind, String reason, Throwable cause) {
        super(reason, cause);
        this.kind = kind;
        this.reason = reason;
    }

    Kind kind() {
        return kind;
    }

    String reason() {
        return reason;
    }

    /** Classifies what opening a {@link Wire} threw (the same shapes for Helidon's connect and the transport's). */
    static ConnectFailure classify(Throwable thrown) {
        Throwable t = thrown instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : thrown;
        SSLException ssl = find(t, SSLException.class);
        if (ssl != null) {
            return new ConnectFailure(Kind.TLS, "TLS handshake failed: " + shorten(ssl.getMessage()), thrown);
        }
        if (t instanceof SocketTimeoutException) {
            return new ConnectFailure(Kind.TIMEOUT, "connect timed out", thrown);
        }
        if (t instanceof IllegalStateException && t.getMessage() != null
                && t.getMessage().startsWith("Proxy sent wrong HTTP response code")) {
            String status = t.getMessage().substring(t.getMessage().indexOf(':') + 1).trim();
            return new ConnectFailure(Kind.PROXY_REJECTED, "CONNECT rejected with " + status, thrown);
        }
        String reason;
        if (t instanceof ConnectException) {
            reason = "connection refused";
        } else if (t instanceof NoRouteToHostException) {
            reason = "no route to host";
        } else if (t instanceof UnknownHostException || t instanceof RuntimeUnknownHostException) {
            reason = "unknown host";
        } else if (t instanceof DataReader.InsufficientDataAvailableException) {
            reason = "connection closed while connecting";
        } else if (t instanceof SocketException && t.getMessage() != null) {
            reason = "connection failed: " + shorten(t.getMessage());
        } else {
            reason = "connection failed (" + t.getClass().getSimpleName() + ")";
        }
        return new ConnectFailure(Kind.CONNECTION, reason, thrown);
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    private static String shorten(String message) {
        if (message == null) {
            return "no detail";
        }
        return message.length() <= 160 ? message : message.substring(0, 160) + "...";
    }
}
