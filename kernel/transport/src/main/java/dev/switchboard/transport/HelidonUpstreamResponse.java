package dev.switchboard.transport;

import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.HttpHeaders;
import dev.switchboard.spi.UpstreamResponse;
import io.helidon.http.Header;
import io.helidon.webclient.api.HttpClientResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An upstream answer on the Helidon WebClient: status and headers are read, the body streams through an
 * {@link UpstreamBodyStream}. Closing it cancels the call's deadline watchdog and either returns the
 * connection to the pool (body fully read) or closes it (mid-stream: that aborts the upstream).
 *
 * <p>Used by one thread at a time; {@link #close()} is idempotent and may also come from another thread
 * to abort a read in progress (the connection is then closed, never pooled).
 */
final class HelidonUpstreamResponse implements UpstreamResponse {
    private static final Logger LOG = Logger.getLogger(HelidonUpstreamResponse.class.getName());

    private final HttpClientResponse delegate;
    private final PooledConnection connection;
    private final Exchange exchange;
    private final UpstreamTarget target;
    private final int status;
    private final HttpHeaders headers = HttpHeaders.create();
    private final UpstreamBodyStream body;
    private final AtomicBoolean closed = new AtomicBoolean();

    HelidonUpstreamResponse(HttpClientResponse delegate, PooledConnection connection, Exchange exchange,
                            UpstreamTarget target, Duration readTimeout) {
        this.delegate = delegate;
        this.connection = connection;
        this.exchange = exchange;
        this.target = target;
        this.status = delegate.status().code();
        for (Header h : delegate.headers()) {
            for (String v : h.allValues()) {
                headers.add(h.name(), v);
            }
        }
        boolean closeDelimited = closeDelimited();
        if (closeDelimited) {
            // The body ends with the connection, so the connection can never serve another call.
            connection.poison(exchange);
        }
        this.body = new UpstreamBodyStream(delegate.inputStream(), exchange, connection, closeDelimited,
                readTimeout, this::close);
    }

    /** Neither Content-Length nor chunked: the body runs until the upstream closes the connection. */
    private boolean closeDelimited() {
        if (status < 200 || status == 204 || status == 304 || headers.contains("content-length")) {
            return false;
        }
        for (String te : headers.all("transfer-encoding")) {
            if (te.toLowerCase(Locale.ROOT).contains("chunked")) {
                return false;
            }
        }
        return true;
    }

    /** The call's deadline (for tests). */
    Exchange exchange() {
        return exchange;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public HttpHeaders headers() {
        return headers;
    }

    @Override
    public UpstreamBodyStream body() {
        return body;
    }

    @Override
    public byte[] readBody(int limit) throws GatewayException {
        try {
            return body.readNBytes(limit);
        } catch (IOException e) {
            throw TransportErrors.bodyFailed(target, e);
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        exchange.finish();
        body.markClosed();
        if (!body.atEnd()) {
            // Helidon may return a connection whose remaining body is already buffered to the pool, reading it
            // while another thread could still be inside a read; an abandoned body never goes back instead.
            connection.poison(exchange);
        }
        try {
            delegate.close();
        } catch (RuntimeException e) {
            // Closing after an aborted or broken connection can fail inside Helidon; the socket must still go.
            LOG.log(Level.FINE, e, () -> "closing the response of " + target + " failed; closing its connection");
            connection.abort(exchange);
        }
    }
}
