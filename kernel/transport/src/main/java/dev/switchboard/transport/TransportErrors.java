package dev.switchboard.transport;

import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import io.helidon.common.buffers.DataReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;

/**
 * Turns transport failures into {@link GatewayException}s: {@link ErrorKind#UPSTREAM_TIMEOUT} for every
 * timeout (connect, idle read, total deadline), {@link ErrorKind#UPSTREAM_CONNECTION} for refused, reset,
 * unknown host, TLS and proxy failures. Messages name the target as {@code scheme://host:port} and proxies
 * by name; they never carry a path, query, header, proxy URL or Helidon's raw message (which may quote
 * response bytes). Stateless.
 */
final class TransportErrors {
    private TransportErrors() {
    }

    /** Opening a connection (directly, or after the proxy tunnel was up) failed. */
    static GatewayException connectFailed(UpstreamTarget target, ConnectFailure f, Exchange exchange,
                                          Duration connectTimeout) {
        if (f.kind() == ConnectFailure.Kind.TIMEOUT) {
            return deadlineOr(target, exchange, f,
                    "connect timed out after " + Durations.format(connectTimeout));
        }
        return connection(target, f.reason(), f);
    }

    /** Every proxy of the call failed to connect. */
    static GatewayException proxiesFailed(UpstreamTarget target, List<String> failures, ConnectFailure last) {
        return connection(target, String.join("; ", failures), last);
    }

    /** The exchange failed after the connection was up: while sending, or waiting for the status line. */
    static GatewayException exchangeFailed(UpstreamTarget target, RuntimeException e, Exchange exchange,
                                           Duration readTimeout) {
        Throwable cause = e instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : e;
        if (cause instanceof RequestBodyException body) {
            return new GatewayException(body.kind(), body.getMessage(), body);
        }
        if (cause instanceof SocketTimeoutException) {
            return deadlineOr(target, exchange, e,
                    "no response within the read timeout of " + Durations.format(readTimeout));
        }
        if (exchange.expired()) {
            return deadlineOr(target, exchange, e, "");
        }
        if (cause instanceof DataReader.InsufficientDataAvailableException) {
            return connection(target, "connection closed before the response", e);
        }
        if (cause instanceof ResponseHead.MalformedResponse) {
            return connection(target, "malformed response: " + cause.getMessage(), e);
        }
        if (cause instanceof SocketException && cause.getMessage() != null) {
            return connection(target, cause.getMessage(), e);
        }
        return connection(target, cause.getClass().getSimpleName(), e);
    }

    /**
     * True when the exchange failed because the connection was closed before any byte of the response (an end of
     * stream or a reset while sending or waiting for the status line): what a reused keep-alive connection does
     * when the upstream closed it while it idled.
     */
    static boolean closedBeforeResponse(RuntimeException e) {
        Throwable cause = e instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : e;
        return cause instanceof DataReader.InsufficientDataAvailableException
                || cause instanceof SocketException;
    }

    /** {@code readBody} failed; the stream already classified the IOException. */
    static GatewayException bodyFailed(UpstreamTarget target, IOException e) {
        if (e instanceof SocketTimeoutException) {
            return new GatewayException(ErrorKind.UPSTREAM_TIMEOUT, "upstream timeout: " + target.display()
                    + " (" + e.getMessage() + ")", e);
        }
        return connection(target, "reading the response failed: " + e.getMessage(), e);
    }

    private static GatewayException deadlineOr(UpstreamTarget target, Exchange exchange, Throwable cause,
                                               String otherwise) {
        String why = exchange.expired()
                ? Exchange.DEADLINE_MESSAGE + " (" + Durations.format(exchange.total()) + ")"
                : otherwise;
        return new GatewayException(ErrorKind.UPSTREAM_TIMEOUT, "upstream timeout: " + target.display()
                + " (" + why + ")", cause);
    }

    private static GatewayException connection(UpstreamTarget target, String reason, Throwable cause) {
        return new GatewayException(ErrorKind.UPSTREAM_CONNECTION, "upstream connection failed: "
                + target.display() + " (" + reason + ")", cause);
    }
}
