package dev.switchboard.transport;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.UpstreamResponse;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Upstream TLS: the JDK trust store by default, a configured PKCS12/JKS trust store when set. */
class TlsTest {
    static TestCertificates certs;
    static RawServer upstream;
    static final List<String> requestLines = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        certs = TestCertificates.shared();
        upstream = RawServer.startTls(certs.serverContext(), (socket, in, out) -> {
            String head;
            while ((head = RawServer.readHead(in)) != null) {
                requestLines.add(head.substring(0, head.indexOf('\r')));
                RawServer.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecure");
            }
        });
    }

    @AfterAll
    static void stop() throws Exception {
        upstream.close();
    }

    private static URI secure() {
        return TestUpstreams.uri("https", upstream.port(), "/v1/models");
    }

    private static String call(HelidonHttpTransport transport) throws Exception {
        try (UpstreamResponse res = transport.send(TestUpstreams.get(secure()))) {
            assertEquals(200, res.status());
            return new String(res.readBody(100), UTF_8);
        }
    }

    @Test
    void selfSignedUpstreamFailsTheHandshakeWithTheDefaultTrustStore() {
        try (HelidonHttpTransport transport = HelidonHttpTransport.create(TestUpstreams.settings())) {
            GatewayException e = assertThrows(GatewayException.class, () -> transport.send(TestUpstreams.get(secure())));
            assertEquals(ErrorKind.UPSTREAM_CONNECTION, e.kind());
            assertTrue(e.getMessage().startsWith("upstream connection failed: https://127.0.0.1:" + upstream.port()
                    + " (TLS handshake failed"), e.getMessage());
        }
    }

    @Test
    void pkcs12TrustStoreMakesTheUpstreamTrusted() throws Exception {
        TransportSettings settings = TestUpstreams.settings()
                .withTrustStore(certs.trustStoreP12, TestCertificates.TRUST_PASSWORD.toCharArray());
        try (HelidonHttpTransport transport = HelidonHttpTransport.create(settings)) {
            assertEquals("secure", call(transport));
            assertEquals("secure", call(transport));
        }
    }

    @Test
    void aPooledTlsConnectionSurvivesTheIdleProbeAndIsReused() throws Exception {
        TransportSettings settings = TestUpstreams.settings()
                .withTrustStore(certs.trustStoreP12, TestCertificates.TRUST_PASSWORD.toCharArray());
        try (HelidonHttpTransport transport = new HelidonHttpTransport(settings, java.time.Clock.systemUTC(),
                java.time.Duration.ZERO)) {
            assertEquals("secure", call(transport));
            Object first = transport.idleConnectionsForTest().get(0);
            assertTrue(((Wire) first).socket() instanceof javax.net.ssl.SSLSocket, "a TLS socket");
            for (int i = 0; i < 3; i++) {
                assertEquals("secure", call(transport), "call " + i + " over a probed TLS connection");
                assertEquals(List.of(first), transport.idleConnectionsForTest(), "the same connection, reused");
            }
        }
    }

    @Test
    void jksTrustStoreIsDetectedByContent() throws Exception {
        TransportSettings settings = TestUpstreams.settings()
                .withTrustStore(certs.trustStoreJks, TestCertificates.TRUST_PASSWORD.toCharArray());
        try (HelidonHttpTransport transport = HelidonHttpTransport.create(settings)) {
            assertEquals("secure", call(transport));
        }
    }

    @Test
    void httpsThroughAnEnvironmentProxyVerifiesTheTargetThroughTheTunnel() throws Exception {
        try (ConnectProxy proxy = ConnectProxy.open()) {
            TransportSettings settings = TestUpstreams.settings()
                    .withTrustStore(certs.trustStoreP12, TestCertificates.TRUST_PASSWORD.toCharArray())
                    .withEnvironment(true, Map.of("HTTPS_PROXY", "http://127.0.0.1:" + proxy.port()));
            try (HelidonHttpTransport transport = HelidonHttpTransport.create(settings)) {
                assertEquals("secure", call(transport));
            }
            assertEquals(1, proxy.tunnels.get());
            assertEquals(List.of("CONNECT 127.0.0.1:" + upstream.port() + " HTTP/1.1"), proxy.connectLines);
        }
        assertTrue(requestLines.contains("GET /v1/models HTTP/1.1"), "origin-form request line in the tunnel");
    }

    @Test
    void aTlsFailureThroughAProxyDoesNotBlameTheProxy() throws Exception {
        try (ConnectProxy proxy = ConnectProxy.open()) {
            TransportSettings settings = TestUpstreams.settings()
                    .withProxies(List.of(ProxySpec.of("corp", "http://127.0.0.1:" + proxy.port())));
            try (HelidonHttpTransport transport = HelidonHttpTransport.create(settings)) {
                GatewayException e = assertThrows(GatewayException.class, () -> transport.send(TestUpstreams.get(secure())));
                assertEquals(ErrorKind.UPSTREAM_CONNECTION, e.kind());
                assertTrue(e.getMessage().contains("TLS handshake failed"), e.getMessage());
            }
            assertEquals(1, proxy.tunnels.get());
        }
    }

    @Test
    void theCertificateMustNameTheHostEvenWhenTrusted(@TempDir Path other) throws Exception {
        TestCertificates elsewhere = TestCertificates.generate(other, "dns:elsewhere.example");
        try (RawServer server = RawServer.startTls(elsewhere.serverContext(), (socket, in, out) -> {
            RawServer.readHead(in);
            RawServer.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        })) {
            TransportSettings settings = TestUpstreams.settings()
                    .withTrustStore(elsewhere.trustStoreP12, TestCertificates.TRUST_PASSWORD.toCharArray());
            try (HelidonHttpTransport transport = HelidonHttpTransport.create(settings)) {
                GatewayException e = assertThrows(GatewayException.class, () -> transport.send(
                        TestUpstreams.get(TestUpstreams.uri("https", server.port(), "/"))));
                assertEquals(ErrorKind.UPSTREAM_CONNECTION, e.kind());
                assertTrue(e.getMessage().contains("TLS handshake failed"), e.getMessage());
            }
        }
    }

    @Test
    void wrongTrustStorePasswordFailsCreationWithoutThePassword() {
        TransportSettings settings = TestUpstreams.settings()
                .withTrustStore(certs.trustStoreP12, "not-the-password".toCharArray());
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> HelidonHttpTransport.create(settings));
        assertTrue(e.getMessage().contains(certs.trustStoreP12.toString()), e.getMessage());
        ProxyTest.assertSecretFree(e, "not-the-password");
    }
}
