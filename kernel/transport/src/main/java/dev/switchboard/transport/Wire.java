package dev.switchboard.transport;

import io.helidon.common.buffers.DataReader;
import java.time.Duration;

/**
 * An open upstream connection as the HTTP/1.1 exchange uses it: bytes out at once, bytes in through a
 * {@link DataReader}. Two kinds: {@link PlainWire}, the transport's own socket for a direct {@code http://}
 * target, and {@link HelidonWire}, a Helidon client connection for TLS and proxy tunnels.
 *
 * <p>Failures surface as Helidon's connections report them, so both kinds are classified alike: I/O errors as
 * {@link java.io.UncheckedIOException} (a read timeout wraps {@link java.net.SocketTimeoutException}) and the
 * peer's end of stream as {@link DataReader.InsufficientDataAvailableException}.
 *
 * <p>One thread reads and writes at a time; {@link #closeSocket()} may come from any thread.
 */
interface Wire {
    /** The connection's bytes as they arrive. */
    DataReader reader();

    /** Sends {@code bytes} now, unbuffered. */
    void write(byte[] bytes);

    /** The socket's read timeout ({@code SO_TIMEOUT}); a system call, so callers skip unchanged values. */
    void readTimeout(Duration timeout);

    /** False once the socket is closed or the peer ended the stream. */
    boolean isConnected();

    /** A response was read to its end: the pool's release hook keeps the connection, or it is closed. */
    void release();

    /** Closes the connection for good (idempotent). */
    void close();

    /** Closes only the socket, from any thread: a read blocked on it fails at once. */
    void closeSocket();
}
