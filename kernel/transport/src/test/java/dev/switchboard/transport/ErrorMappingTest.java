package dev.switchboard.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.HttpHeaders;
import dev.switchboard.spi.UpstreamRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** send() failures become UPSTREAM_CONNECTION / UPSTREAM_TIMEOUT naming only scheme://host:port. */
class ErrorMappingTest {
    private final HelidonHttpTransport transport = HelidonHttpTransport.create(TestUpstreams.settings());

    @AfterEach
    void close() {
        transport.close();
    }

    @Test
    void refusedConnectionIsAConnectionErrorNamingOnlyTheTarget() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        HttpHeaders headers = HttpHeaders.create().set("x-api-key", "sk-live-123");
        URI uri = URI.create("http://127.0.0.1:" + port + "/v1/messages?key=sk-query-456");
        GatewayException e = assertThrows(GatewayException.class,
                () -> transport.send(UpstreamRequest.postJson(uri, headers, "{}")));
        assertEquals(ErrorKind.UPSTREAM_CONNECTION, e.kind());
        assertEquals("upstream connection failed: http://127.0.0.1:" + port + " (connection refused)", e.getMessage());
        ProxyTest.assertSecretFree(e, "sk-live-123", "sk-query-456", "/v1/messages");
    }

    @Test
    void unknownHostIsAConnectionError() {
        GatewayException e = assertThrows(GatewayException.class, () -> transport.send(
                TestUpstreams.get(URI.create("https://no-such-host.invalid/v1/models"))));
        assertEquals(ErrorKind.UPSTREAM_CONNECTION, e.kind());
        assertEquals("upstream connection failed: https://no-such-host.invalid:443 (unknown host)", e.getMessage());
    }

    @Test
    void resetBeforeTheResponseIsAConnectionError() throws Exception {
        try (RawServer raw = RawServer.start((socket, in, out) -> {
            RawServer.readHead(in);
            socket.setSoLinger(true, 0); // close with RST
            socket.close();
        })) {
            GatewayException e = assertThrows(GatewayException.class,
                    () -> transport.send(TestUpstreams.get(TestUpstreams.uri("http", raw.port(), "/x"))));
            assertEquals(ErrorKind.UPSTREAM_CONNECTION, e.kind());
            assertTrue(e.getMessage().startsWith("upstream connection failed: http://127.0.0.1:" + raw.port() + " ("),
                    e.getMessage());
        }
    }

    @Test
    void nonHttpSchemeIsAnInternalErrorNotAnUpstreamOne() {
        GatewayException e = assertThrows(GatewayException.class,
                () -> transport.send(TestUpstreams.get(URI.create("ftp://example.com/file"))));
        assertEquals(ErrorKind.INTERNAL, e.kind());
    }

    @Test
    void headerInjectionIsRejectedBeforeAnythingIsSent() {
        HttpHeaders headers = HttpHeaders.create().set("x-api-key", "sk-1\r\nx-evil: 1");
        GatewayException e = assertThrows(GatewayException.class, () -> transport.send(
                UpstreamRequest.get(URI.create("http://127.0.0.1:1/never"), headers)));
        assertEquals(ErrorKind.INTERNAL, e.kind());
        assertEquals("invalid upstream request header 'x-api-key'", e.getMessage());
        ProxyTest.assertSecretFree(e, "sk-1");
    }

    @Test
    void failingRequestBodySourceIsNotBlamedOnTheUpstream() throws Exception {
        try (RawServer raw = RawServer.start((socket, in, out) -> in.transferTo(java.io.OutputStream.nullOutputStream()))) {
            InputStream broken = new InputStream() {
                private boolean first = true;

                @Override
                public int read() throws IOException {
                    throw new IOException("client went away");
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (first) {
                        first = false;
                        return new ByteArrayInputStream("{\"partial\":".getBytes()).read(b, off, len);
                    }
                    throw new IOException("client went away");
                }
            };
            UpstreamRequest req = new UpstreamRequest("POST", TestUpstreams.uri("http", raw.port(), "/upload"),
                    HttpHeaders.create(), null, () -> broken, null, null);
            GatewayException e = assertThrows(GatewayException.class, () -> transport.send(req));
            assertEquals(ErrorKind.INVALID_REQUEST, e.kind());
            assertEquals("reading the request body failed", e.getMessage());
        }
    }
}
