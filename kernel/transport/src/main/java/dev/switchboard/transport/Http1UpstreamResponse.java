package dev.switchboard.transport;

import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.HttpHeaders;
import dev.switchboard.spi.UpstreamResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An upstream answer read by the transport's own HTTP/1.1 exchange: the head is read, the body streams through an
 * {@link UpstreamBodyStream} over a {@link ResponseBody}. When the body's last byte was read the connection goes
 * back to the pool (unless the upstream said {@code Connection: close}); closing the response earlier closes the
 * connection, which aborts the upstream. Closing also cancels the call's deadline watchdog.
 *
 * <p>Used by one thread at a time; {@link #close()} is idempotent and may also come from another thread
 * to abort a read in progress (the connection is then closed, never pooled).
 */
final class Http1UpstreamResponse implements UpstreamResponse {
    private static final Logger LOG = Logger.getLogger(Http1UpstreamResponse.class.getName());

    private final PooledConnection connection;
    private final Exchange exchange;
    private final UpstreamTarget target;
    private final ResponseHead head;
    private final ResponseBody framed;
    private final UpstreamBodyStream body;
    private final AtomicBoolean closed = new AtomicBoolean();

    Http1UpstreamResponse(ResponseHead head, PooledConnection connection, Exchange exchange, UpstreamTarget target,
                          Duration readTimeout) {
        this.head = head;
        this.connection = connection;
        this.exchange = exchange;
        this.target = target;
        boolean closeDelimited = head.bodyLength() == ResponseHead.UNTIL_CLOSE;
        if (closeDelimited || !head.keepAlive()) {
            // The body ends with the connection, or the upstream closes it after this answer.
            connection.poison(exchange);
        }
        Wire wire = connection.connection();
        this.framed = new ResponseBody(wire.reader(), wire::available, head.bodyLength(), this::bodyEnded);
        this.body = new UpstreamBodyStream(framed, exchange, connection, closeDelimited, readTimeout, this::close);
    }

    /** The whole body was read: the connection may serve the next call (the pool decides; a poisoned one closes). */
    private void bodyEnded() {
        try {
            connection.connection().release();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, e, () -> "returning the connection to " + target.display() + " failed; closing it");
            connection.abort(exchange);
        }
    }

    /** The call's deadline (for tests). */
    Exchange exchange() {
        return exchange;
    }

    @Override
    public int status() {
        return head.status();
    }

    @Override
    public HttpHeaders headers() {
        return head.headers();
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
        if (framed.ended()) {
            return; // the connection already went back to the pool (or was closed) with the body's last byte
        }
        // An abandoned body: the rest of it may still arrive, so the connection never serves another call.
        connection.poison(exchange);
        try {
            connection.connection().close();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, e, () -> "closing the connection to " + target.display() + " failed");
        }
    }
}
