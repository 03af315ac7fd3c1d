package dev.switchboard.transport;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.UpstreamResponse;
import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Explicit proxies (round-robin, failover, skip period, Basic auth) and environment proxies. */
class ProxyTest {
    private final AtomicInteger upstreamCalls = new AtomicInteger();
    private WebServer upstream;

    @BeforeEach
    void start() {
        upstream = TestUpstreams.start(r -> r.get("/hello", (req, res) -> {
            upstreamCalls.incrementAndGet();
            res.send("hello " + req.query().get("who"));
        }));
    }

    @AfterEach
    void stop() {
        upstream.stop();
    }

    private URI hello() {
        return TestUpstreams.uri(upstream, "/hello?who=proxy");
    }

    private static String call(HelidonHttpTransport transport, URI uri) throws Exception {
        try (UpstreamResponse res = transport.send(TestUpstreams.get(uri))) {
            assertEquals(200, res.status());
            return new String(res.readBody(1024), UTF_8);
        }
    }

    /** A port nobody listens on: connections are refused. */
    private static int refusedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void plainHttpUpstreamGoesThroughACONNECTTunnelWithBasicAuth() throws Exception {
        try (ConnectProxy proxy = ConnectProxy.withBasicAuth("alice", "p@ss:word+1")) {
            // Reserved characters in the password are percent-encoded in the URL and decoded for the header.
            ProxySpec spec = ProxySpec.of("corp", "http://alice:p%40ss%3Aword+1@127.0.0.1:" + proxy.port());
            try (HelidonHttpTransport transport = HelidonHttpTransport.create(
                    TestUpstreams.settings().withProxies(List.of(spec)))) {
                assertEquals("hello proxy", call(transport, hello()));
                assertEquals("hello proxy", call(transport, hello()));
            }
            assertEquals(1, proxy.tunnels.get(), "the second call reused the tunnelled keep-alive connection");
            assertEquals(List.of("alice:p@ss:word+1"), proxy.credentialsSeen);
            // The proxy resolves the target: the CONNECT line carries the host as the URI wrote it.
            assertEquals(List.of("CONNECT 127.0.0.1:" + upstream.port() + " HTTP/1.1"), proxy.connectLines);
            assertEquals(2, upstreamCalls.get());
        }
    }

    @Test
    void deadProxyIsSkippedUntilProxyRetryAfterAndTheSameCallUsesTheNextOne() throws Exception {
        MutableClock clock = new MutableClock();
        // "Dead": accepts TCP, then hangs up at once (it counts how often it is tried).
        try (RawServer dead = RawServer.start((socket, in, out) -> socket.close());
             ConnectProxy live = ConnectProxy.open()) {
            List<ProxySpec> proxies = List.of(ProxySpec.of("dead", "http://127.0.0.1:" + dead.port()),
                    ProxySpec.of("live", "http://127.0.0.1:" + live.port()));
            TransportSettings settings = TestUpstreams.settings().withProxies(proxies)
                    .withProxyRetryAfter(Duration.ofSeconds(30));
            try (HelidonHttpTransport transport = HelidonHttpTransport.create(settings, clock)) {
                assertEquals("hello proxy", call(transport, hello())); // rotation starts at "dead": fails over
                assertEquals(1, dead.accepted.get());
                assertEquals("hello proxy", call(transport, hello())); // starts at "live"
                assertEquals("hello proxy", call(transport, hello())); // would start at "dead": skipped
                assertEquals(1, dead.accepted.get(), "the failed proxy is skipped during proxy-retry-after");

                clock.advance(Duration.ofSeconds(31));
                assertEquals("hello proxy", call(transport, hello())); // starts at "live"
                assertEquals("hello proxy", call(transport, hello())); // starts at "dead" again: tried, fails over
                assertEquals(2, dead.accepted.get(), "after proxy-retry-after the proxy is tried again");
            }
            assertEquals(5, upstreamCalls.get());
        }
    }

    @Test
    void everyProxyFailingIsAConnectionErrorNamingProxiesNotTheirUrls() throws Exception {
        int portA = refusedPort();
        int portB = refusedPort();
        List<ProxySpec> proxies = List.of(ProxySpec.of("alpha", "http://bob:hunter2@127.0.0.1:" + portA),
                ProxySpec.of("beta", "http://bob:hunter2@127.0.0.1:" + portB));
        try (HelidonHttpTransport transport = HelidonHttpTransport.create(
                TestUpstreams.settings().withProxies(proxies))) {
            GatewayException e = assertThrows(GatewayException.class,
                    () -> transport.send(TestUpstreams.get(hello())));
            assertEquals(ErrorKind.UPSTREAM_CONNECTION, e.kind());
            assertTrue(e.getMessage().contains("proxy 'alpha': connection refused"), e.getMessage());
            assertTrue(e.getMessage().contains("proxy 'beta': connection refused"), e.getMessage());
            assertTrue(e.getMessage().contains("http://127.0.0.1:" + upstream.port()), e.getMessage());
            assertSecretFree(e, "hunter2", "bob", ":" + portA, ":" + portB, "/hello", "who=");
            // Both are now skipped; the next call still tries the one that recovers first instead of giving up.
            GatewayException again = assertThrows(GatewayException.class,
                    () -> transport.send(TestUpstreams.get(hello())));
            assertEquals(ErrorKind.UPSTREAM_CONNECTION, again.kind());
        }
        assertEquals(0, upstreamCalls.get());
    }

    @Test
    void wrongProxyCredentialsAreAConnectionErrorWithoutThePassword() throws Exception {
        try (ConnectProxy proxy = ConnectProxy.withBasicAuth("alice", "right-password")) {
            ProxySpec spec = ProxySpec.of("corp", "http://alice:wrong-password@127.0.0.1:" + proxy.port());
            try (HelidonHttpTransport transport = HelidonHttpTransport.create(
                    TestUpstreams.settings().withProxies(List.of(spec)))) {
                GatewayException e = assertThrows(GatewayException.class,
                        () -> transport.send(TestUpstreams.get(hello())));
                assertEquals(ErrorKind.UPSTREAM_CONNECTION, e.kind());
                assertTrue(e.getMessage().contains("proxy 'corp'"), e.getMessage());
                assertTrue(e.getMessage().contains("407"), e.getMessage());
                assertSecretFree(e, "wrong-password", "right-password", ":" + proxy.port());
            }
            assertEquals(1, proxy.rejected.get());
            assertEquals(0, proxy.tunnels.get());
        }
        assertEquals(0, upstreamCalls.get());
    }

    @Test
    void httpProxyFromTheEnvironmentIsUsedForHttpTargets() throws Exception {
        try (ConnectProxy proxy = ConnectProxy.open()) {
            // Lower-case spelling and no scheme, as people write it.
            Map<String, String> env = Map.of("http_proxy", "127.0.0.1:" + proxy.port());
            try (HelidonHttpTransport transport = HelidonHttpTransport.create(
                    TestUpstreams.settings().withEnvironment(true, env))) {
                assertEquals("hello proxy", call(transport, hello()));
            }
            assertEquals(1, proxy.tunnels.get());
        }
    }

    @Test
    void noProxyBypassesTheEnvironmentProxy() throws Exception {
        try (ConnectProxy proxy = ConnectProxy.open()) {
            Map<String, String> env = Map.of("HTTP_PROXY", "http://127.0.0.1:" + proxy.port(),
                    "NO_PROXY", "example.com, 127.0.0.1:" + upstream.port());
            try (HelidonHttpTransport transport = HelidonHttpTransport.create(
                    TestUpstreams.settings().withEnvironment(true, env))) {
                assertEquals("hello proxy", call(transport, hello()));
            }
            assertEquals(0, proxy.tunnels.get(), "NO_PROXY listed the target");
            assertEquals(1, upstreamCalls.get());
        }
    }

    @Test
    void environmentProxiesAreIgnoredWhenDisabledOrForTheOtherScheme() throws Exception {
        try (ConnectProxy proxy = ConnectProxy.open()) {
            Map<String, String> env = Map.of("HTTP_PROXY", "http://127.0.0.1:" + proxy.port());
            try (HelidonHttpTransport disabled = HelidonHttpTransport.create(
                    TestUpstreams.settings().withEnvironment(false, env))) {
                assertEquals("hello proxy", call(disabled, hello()));
            }
            Map<String, String> httpsOnly = Map.of("HTTPS_PROXY", "http://127.0.0.1:" + proxy.port());
            try (HelidonHttpTransport other = HelidonHttpTransport.create(
                    TestUpstreams.settings().withEnvironment(true, httpsOnly))) {
                assertEquals("hello proxy", call(other, hello()));
            }
            assertEquals(0, proxy.tunnels.get());
            assertEquals(2, upstreamCalls.get());
        }
    }

    @Test
    void explicitProxiesWinOverTheEnvironment() throws Exception {
        try (ConnectProxy explicit = ConnectProxy.open(); ConnectProxy fromEnv = ConnectProxy.open()) {
            TransportSettings settings = TestUpstreams.settings()
                    .withEnvironment(true, Map.of("HTTP_PROXY", "http://127.0.0.1:" + fromEnv.port()))
                    .withProxies(List.of(ProxySpec.of(null, "http://127.0.0.1:" + explicit.port())));
            try (HelidonHttpTransport transport = HelidonHttpTransport.create(settings)) {
                assertEquals("hello proxy", call(transport, hello()));
            }
            assertEquals(1, explicit.tunnels.get());
            assertEquals(0, fromEnv.tunnels.get());
        }
    }

    @Test
    void malformedEnvironmentProxyFailsCreationNamingTheVariableOnly() {
        Map<String, String> env = Map.of("HTTPS_PROXY", "https://user:topsecret@proxy.example:443");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HelidonHttpTransport.create(
                TestUpstreams.settings().withEnvironment(true, env)));
        assertTrue(e.getMessage().contains("HTTPS_PROXY"), e.getMessage());
        assertFalse(e.getMessage().contains("topsecret"), e.getMessage());
    }

    /** No message in the cause chain may contain any of {@code secrets}. */
    static void assertSecretFree(Throwable e, String... secrets) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String text = String.valueOf(t.getMessage()) + " " + t;
            for (String secret : secrets) {
                assertFalse(text.contains(secret), "'" + secret + "' leaked in: " + text);
            }
        }
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
