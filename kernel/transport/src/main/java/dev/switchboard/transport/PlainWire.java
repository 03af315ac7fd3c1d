package dev.switchboard.transport;

import io.helidon.common.buffers.DataReader;
import io.helidon.common.socket.SocketOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The transport's own socket to a direct {@code http://} target. It holds no buffer of its own between reads
 * ({@link AdaptiveReads}) and writes each request straight to the socket: a Helidon client connection keeps an
 * 8 KB read array and a 4 KB write buffer for its whole life, 12 KB of every open stream's heap. TLS and proxy
 * tunnels stay on Helidon ({@link HelidonWire}), whose TLS and {@code CONNECT} handling the transport relies on.
 *
 * <p>Thread-safe as {@link Wire} requires: closing is a compare-and-set.
 */
final class PlainWire implements Wire {
    private static final Logger LOG = Logger.getLogger(PlainWire.class.getName());

    private final Socket socket;
    private final OutputStream out;
    private final AdaptiveReads reads;
    private final DataReader reader;
    private final Predicate<Wire> releaseHook;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PlainWire(Socket socket, Predicate<Wire> releaseHook) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.reads = new AdaptiveReads(socket.getInputStream());
        this.reader = new DataReader(reads);
        this.releaseHook = releaseHook;
    }

    /**
     * Opens a socket with the client's {@code options} (TCP_NODELAY, keep-alive, buffer sizes) to {@code address},
     * waiting at most the options' connect timeout. Failures as Helidon reports them: the {@link IOException}
     * (refused, unreachable, timed out) wrapped in an {@link UncheckedIOException}.
     *
     * @param releaseHook the pool's answer to "keep this connection?" when a response has been read to its end
     */
    static PlainWire connect(InetSocketAddress address, SocketOptions options, Predicate<Wire> releaseHook) {
        Socket socket = new Socket();
        try {
            options.configureSocket(socket);
            socket.connect(address, millis(options.connectTimeout()));
            return new PlainWire(socket, releaseHook);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    @Override
    public DataReader reader() {
        return reader;
    }

    @Override
    public void write(byte[] bytes) {
        try {
            out.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void readTimeout(Duration timeout) {
        try {
            socket.setSoTimeout(millis(timeout));
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean isConnected() {
        return !closed.get() && !socket.isClosed() && !reads.ended();
    }

    @Override
    public void release() {
        if (!closed.get() && !releaseHook.test(this)) {
            close();
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            closeQuietly(socket);
        }
    }

    /** The same as {@link #close()}: the socket is all there is to close. */
    @Override
    public void closeSocket() {
        close();
    }

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
