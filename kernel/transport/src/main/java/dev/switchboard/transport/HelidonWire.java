package dev.switchboard.transport;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.socket.HelidonSocket;
import io.helidon.webclient.api.ConnectionKey;
import io.helidon.webclient.api.TcpClientConnection;
import io.helidon.webclient.api.WebClient;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * A Helidon client connection, for the targets that need what Helidon's connect does: the TLS handshake (trust
 * store, host name check, ALPN) and proxy {@code CONNECT} tunnels. Direct {@code http://} targets use
 * {@link PlainWire}.
 *
 * <p>Thread-safe as {@link Wire} requires.
 */
final class HelidonWire implements Wire {
    private static final List<String> ALPN = List.of("http/1.1");

    private final TcpClientConnection connection;

    private HelidonWire(WebClient client, ConnectionKey key, Predicate<Wire> releaseHook) {
        // Helidon asks the release function when the response calls releaseResource(); false makes it close.
        this.connection = TcpClientConnection.create(client, key, ALPN, c -> releaseHook.test(this), c -> { });
    }

    /** Connects (TCP, proxy tunnel, TLS handshake) as Helidon does; failures as Helidon throws them. */
    static HelidonWire connect(WebClient client, ConnectionKey key, Predicate<Wire> releaseHook) {
        HelidonWire wire = new HelidonWire(client, key, releaseHook);
        wire.connection.connect();
        return wire;
    }

    @Override
    public DataReader reader() {
        return connection.reader();
    }

    @Override
    public void write(byte[] bytes) {
        connection.writer().writeNow(BufferData.create(bytes));
    }

    @Override
    public void readTimeout(Duration timeout) {
        connection.readTimeout(timeout);
    }

    @Override
    public boolean isConnected() {
        return connection.isConnected();
    }

    @Override
    public void release() {
        connection.releaseResource();
    }

    @Override
    public void close() {
        connection.closeResource();
    }

    /**
     * The socket, not {@code closeResource()}: the response may still be read by another thread, and Helidon's
     * {@code closeResource()} flips state that thread reads unsynchronised. A closed socket is enough to end the
     * blocked read; the connection is closed for good when its response is closed.
     */
    @Override
    public void closeSocket() {
        HelidonSocket socket = connection.helidonSocket();
        if (socket != null) {
            socket.close();
        }
    }
}
