package dev.switchboard.transport;

import io.helidon.common.buffers.DataReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Objects;

/**
 * The body of an upstream response as the kernel and plugins read it. {@code read} returns as soon as
 * some bytes arrived (one HTTP chunk at most), and every failure is an {@link IOException} so callers can
 * tell a timeout from a broken upstream:
 * <ul>
 *   <li>{@link SocketTimeoutException} for the idle read timeout ("read timed out …") and the total
 *       deadline ("total deadline exceeded") — the kernel answers 504;</li>
 *   <li>any other {@link IOException} (reset, closed early, malformed chunking) — the kernel answers 502.</li>
 * </ul>
 * A close-delimited body (neither Content-Length nor chunked) ends when the upstream closes the
 * connection; Helidon reports that end as {@code InsufficientDataAvailableException}, which is EOF here
 * and only here. Closing this stream closes the whole response.
 *
 * <p>Not thread-safe: one reading thread, as for any InputStream. {@link #close()} may come from another
 * thread (it aborts a blocked read).
 */
final class UpstreamBodyStream extends InputStream {
    private final InputStream delegate;
    private final Exchange exchange;
    private final PooledConnection connection;
    private final boolean closeDelimited;
    private final Duration readTimeout;
    private final Runnable closeResponse;
    private volatile boolean eof;
    private volatile boolean closed;

    UpstreamBodyStream(InputStream delegate, Exchange exchange, PooledConnection connection, boolean closeDelimited,
                       Duration readTimeout, Runnable closeResponse) {
        this.delegate = delegate;
        this.exchange = exchange;
        this.connection = connection;
        this.closeDelimited = closeDelimited;
        this.readTimeout = readTimeout;
        this.closeResponse = closeResponse;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw exchange.expired() ? exchange.deadlineException(null) : new IOException("response closed");
        }
        if (len == 0) {
            return 0;
        }
        if (eof) {
            return -1;
        }
        if (exchange.expired()) {
            throw failed(exchange.deadlineException(null));
        }
        try {
            int n = delegate.read(b, off, len);
            if (n < 0) {
                ended();
            }
            return n;
        } catch (DataReader.InsufficientDataAvailableException e) {
            if (exchange.expired()) {
                throw failed(exchange.deadlineException(e));
            }
            if (closeDelimited) {
                ended();
                return -1;
            }
            EOFException early = new EOFException("upstream closed the connection before the body ended");
            early.initCause(e);
            throw failed(early);
        } catch (UncheckedIOException e) {
            throw failed(translate(e.getCause() == null ? new IOException(e.getMessage()) : e.getCause()));
        } catch (IOException e) {
            throw failed(translate(e));
        } catch (RuntimeException e) {
            // Helidon reports protocol errors (bad chunk size, aborted connection) as runtime exceptions.
            if (exchange.expired()) {
                throw failed(exchange.deadlineException(e));
            }
            throw failed(new IOException("upstream body could not be read (" + e.getClass().getSimpleName() + ")", e));
        }
    }

    private IOException translate(IOException e) {
        if (exchange.expired()) {
            return exchange.deadlineException(e);
        }
        if (e instanceof SocketTimeoutException) {
            SocketTimeoutException idle = new SocketTimeoutException(
                    "read timed out (no data for " + Durations.format(readTimeout) + ")");
            idle.initCause(e);
            return idle;
        }
        return e;
    }

    /** The connection's state is unknown after a failed read: never hand it to another call. */
    private IOException failed(IOException e) {
        connection.poison(exchange);
        return e;
    }

    private void ended() {
        eof = true;
        if (closeDelimited) {
            connection.poison(exchange); // the upstream closed it to end the body
        }
        exchange.finish();
    }

    /**
     * Bytes that already arrived from the upstream and wait in the connection's buffer (the rest of a burst the
     * upstream sent at once), so a reader can take them before it passes on what it has. Reading them does not
     * wait for the network, unless the last of them is a chunk cut in transit, whose rest is then on its way.
     */
    @Override
    public int available() {
        if (closed || eof) {
            return 0;
        }
        try {
            return delegate.available();
        } catch (IOException | RuntimeException e) {
            return 0; // closed, not connected, or broken framing: nothing waits, and the next read reports it
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            closeResponse.run();
        }
    }

    /** True once the body was read to its end (the connection may then be reused). */
    boolean atEnd() {
        return eof;
    }

    /** Called when the response is closed directly: later reads fail instead of touching a released connection. */
    void markClosed() {
        closed = true;
    }
}
