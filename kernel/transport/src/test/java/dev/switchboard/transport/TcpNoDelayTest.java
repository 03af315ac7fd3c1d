package dev.switchboard.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.UpstreamResponse;
import io.helidon.webserver.WebServer;
import java.net.Socket;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Upstream sockets have Nagle's algorithm off by default (a streamed request chunk or a small request must not
 * wait for the peer's delayed ACK), and {@code tcp-no-delay: false} turns it back on. The option is read back
 * from the connected socket itself, not from the configuration.
 */
class TcpNoDelayTest {

    @Test
    void upstreamSocketsHaveTcpNoDelayByDefault() throws Exception {
        assertTrue(noDelayAfterOneCall(TestUpstreams.settings()));
    }

    @Test
    void tcpNoDelayFalseLeavesNagleOn() throws Exception {
        assertFalse(noDelayAfterOneCall(TestUpstreams.settings().withTcpNoDelay(false)));
    }

    private static boolean noDelayAfterOneCall(TransportSettings settings) throws Exception {
        WebServer server = TestUpstreams.start(r -> r.get("/ok", (req, res) -> res.send("ok")));
        try (HelidonHttpTransport transport = HelidonHttpTransport.create(settings)) {
            try (UpstreamResponse up = transport.send(TestUpstreams.get(TestUpstreams.uri(server, "/ok")))) {
                assertEquals(200, up.status());
                up.readBody(1024);
            }
            List<Wire> idle = transport.idleConnectionsForTest();
            assertEquals(1, idle.size(), "the connection went back to the pool");
            Socket s = idle.get(0).socket();
            assertTrue(s.isConnected());
            return s.getTcpNoDelay();
        } finally {
            server.stop();
        }
    }
}
