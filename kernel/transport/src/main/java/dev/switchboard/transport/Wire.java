package dev.switchboard.transport;

import io.helidon.common.buffers.DataReader;
import io.helidon.common.socket.SocketOptions;
import io.helidon.common.tls.Tls;
import io.helidon.webclient.api.Proxy;
import io.helidon.webclient.api.WebClient;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLSocket;

/**
 * An open upstream connection as the HTTP/1.1 exchange uses it: bytes out at once, bytes in through a
 * {@link DataReader}. The socket comes from Helidon's connect code (the TCP connect with the client's socket
 * options, a proxy's {@code CONNECT} tunnel, the TLS handshake with the trust store, host name check and ALPN);
 * what is kept on top of it is the transport's own. A Helidon client connection keeps an 8 KB read array and a
 * 4 KB write buffer for its whole life — 12 KB of every open stream's heap; here reads allocate arrays sized to
 * what the upstream sends ({@link AdaptiveReads}) and each request is written straight to the socket.
 *
 * <p>Failures surface as Helidon's connections report them, so classification is the same: I/O errors as
 * {@link UncheckedIOException} (a read timeout wraps {@link java.net.SocketTimeoutException}), the peer's end of
 * stream as {@link DataReader.InsufficientDataAvailableException}, a failed handshake as an
 * {@link UncheckedIOException} around the {@link javax.net.ssl.SSLException}.
 *
 * <p>One thread reads and writes at a time; {@link #close()} may come from any thread (a compare-and-set).
 */
final class Wire {
    private static final Logger LOG = Logger.getLogger(Wire.class.getName());
    private static final List<String> ALPN = List.of("http/1.1");

    private final Socket socket;
    private final OutputStream out;
    private final AdaptiveReads reads;
    private final DataReader reader;
    private final Predicate<Wire> releaseHook;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Wire(Socket socket, Predicate<Wire> releaseHook) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.reads = new AdaptiveReads(socket.getInputStream());
        this.reader = new DataReader(reads);
        this.releaseHook = releaseHook;
    }

    /**
     * Opens a connection to {@code target} as Helidon's client connection does: a socket with the client's options
     * (TCP_NODELAY, keep-alive, buffer sizes) straight to the target or through {@code proxy}'s tunnel, then the TLS
     * handshake when {@code tls} is enabled.
     *
     * @param releaseHook the pool's answer to "keep this connection?" when a response has been read to its end
     */
    static Wire connect(WebClient client, Proxy proxy, InetSocketAddress target, SocketOptions options, Tls tls,
                        Predicate<Wire> releaseHook) {
        Socket socket = proxy.tcpSocket(client, target, options, tls.enabled());
        try {
            if (tls.enabled()) {
                SSLSocket ssl = tls.createSocket(ALPN, socket, target);
                socket = ssl;
                ssl.startHandshake();
            }
            return new Wire(socket, releaseHook);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new UncheckedIOException(e); // a failed handshake: ConnectFailure finds the SSLException inside
        } catch (RuntimeException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    /** The connection's bytes as they arrive. */
    DataReader reader() {
        return reader;
    }

    /**
     * Bytes that can be read now without waiting for the network: those already buffered, or else those the socket
     * has received, which are read now, all at once (the read returns at once since they are there). A burst the
     * upstream sent together then counts whole, however the reads cut it, so a reader flushes once per burst.
     */
    int available() {
        int buffered = reader.available();
        if (buffered > 0) {
            return buffered;
        }
        int arrived = reads.arrived();
        if (arrived <= 0) {
            return 0;
        }
        reads.expect(arrived);
        reader.ensureAvailable();
        return reader.available();
    }

    /** Sends {@code bytes} now, unbuffered. */
    void write(byte[] bytes) {
        try {
            out.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The socket's read timeout ({@code SO_TIMEOUT}); a system call, so callers skip unchanged values. */
    void readTimeout(Duration timeout) {
        try {
            socket.setSoTimeout(millis(timeout));
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** False once the socket is closed or the peer ended the stream. */
    boolean isConnected() {
        return !closed.get() && !socket.isClosed() && !reads.ended();
    }

    /** A response was read to its end: the pool's release hook keeps the connection, or it is closed. */
    void release() {
        if (!closed.get() && !releaseHook.test(this)) {
            close();
        }
    }

    /**
     * Closes the connection for good; idempotent, and from any thread: a read blocked on the socket fails at once.
     * Closing a TLS socket may wait for the writer's lock, so the deadline watchdog calls this on a thread of its own.
     */
    void close() {
        if (closed.compareAndSet(false, true)) {
            closeQuietly(socket);
        }
    }

    /** The socket underneath (tests read its options back). */
    Socket socket() {
        return socket;
    }

    /** A timeout as the socket takes it: whole milliseconds, at least 1 (0 would mean "wait forever"). */
    private static int millis(Duration timeout) {
        long ms = timeout.toMillis();
        return ms >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) Math.max(1, ms);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing an upstream socket failed", e);
        }
    }
}
