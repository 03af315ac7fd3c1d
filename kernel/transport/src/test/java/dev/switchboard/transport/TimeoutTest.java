package dev.switchboard.transport;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.UpstreamRequest;
import dev.switchboard.spi.UpstreamResponse;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Connect, idle-read and total-deadline timeouts, their per-request overrides, and the watchdog's
 * lifecycle. Waits use latches; the only time limits are the timeouts under test, with wide margins.
 */
class TimeoutTest {
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch endlessClientGone = new CountDownLatch(1);
    private WebServer server;

    @BeforeEach
    void start() {
        server = TestUpstreams.start(r -> r
                .get("/quick", (req, res) -> res.send("ok"))
                .get("/silent", (req, res) -> {
                    release.await(60, TimeUnit.SECONDS);
                    res.send("late");
                })
                .get("/pause-after-first", (req, res) -> {
                    try (OutputStream out = res.outputStream()) {
                        out.write("a".getBytes(UTF_8));
                        out.flush();
                        release.await(10, TimeUnit.SECONDS); // only a transport that waits this long sees "b"
                        out.write("b".getBytes(UTF_8));
                    }
                })
                .get("/gap", (req, res) -> {
                    try (OutputStream out = res.outputStream()) {
                        out.write("a".getBytes(UTF_8));
                        out.flush();
                        Thread.sleep(1000);
                        out.write("b".getBytes(UTF_8));
                    }
                })
                .get("/endless", (req, res) -> {
                    try (OutputStream out = res.outputStream()) {
                        while (true) {
                            out.write("tick\n".getBytes(UTF_8));
                            out.flush();
                            Thread.sleep(50);
                        }
                    } catch (IOException | UncheckedIOException | CloseConnectionException e) {
                        // the transport closed the connection (Helidon 4.5 reports a failed response write as a
                        // ServerConnectionException, a CloseConnectionException, no longer as UncheckedIOException)
                        endlessClientGone.countDown();
                    }
                }));
        // A cold server (JIT, first connection) may take longer than the short timeouts below to answer.
        try (HelidonHttpTransport warmUp = HelidonHttpTransport.create(TestUpstreams.settings());
             UpstreamResponse res = warmUp.send(TestUpstreams.get(TestUpstreams.uri(server, "/quick")))) {
            assertEquals("ok", new String(res.readBody(10), UTF_8));
        } catch (Exception e) {
            throw new AssertionError("warm-up call failed", e);
        }
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop();
    }

    private HelidonHttpTransport transport(Duration connect, Duration read, Duration total) {
        return HelidonHttpTransport.create(TestUpstreams.settings().withTimeouts(connect, read, total));
    }

    private static byte[] readFirst(InputStream in) throws IOException {
        byte[] buf = new byte[64];
        int n = in.read(buf);
        return java.util.Arrays.copyOf(buf, n);
    }

    @Test
    void idleReadTimeoutEndsABlockedBodyReadWithSocketTimeoutException() throws Exception {
        // 1.5 s of silence ends the read; the server would only continue after 10 s.
        try (HelidonHttpTransport t = transport(Duration.ofSeconds(5), Duration.ofMillis(1500), Duration.ofSeconds(60));
             UpstreamResponse res = t.send(TestUpstreams.get(TestUpstreams.uri(server, "/pause-after-first")))) {
            assertEquals("a", new String(readFirst(res.body()), UTF_8));
            SocketTimeoutException e = assertThrows(SocketTimeoutException.class, () -> res.body().read());
            assertTrue(e.getMessage().startsWith("read timed out"), e.getMessage());
            GatewayException mapped = assertThrows(GatewayException.class, () -> res.readBody(10));
            assertEquals(ErrorKind.UPSTREAM_TIMEOUT, mapped.kind());
        }
    }

    @Test
    void idleReadTimeoutWhileWaitingForTheResponseIsAnUpstreamTimeout() {
        try (HelidonHttpTransport t = transport(Duration.ofSeconds(5), Duration.ofMillis(300), Duration.ofSeconds(60))) {
            GatewayException e = assertThrows(GatewayException.class,
                    () -> t.send(TestUpstreams.get(TestUpstreams.uri(server, "/silent?key=sk-secret"))));
            assertEquals(ErrorKind.UPSTREAM_TIMEOUT, e.kind());
            assertEquals("upstream timeout: http://127.0.0.1:" + server.port()
                    + " (no response within the read timeout of 300ms)", e.getMessage());
        }
    }

    @Test
    void totalDeadlineEndsAnEndlessStreamAndClosesTheConnection() throws Exception {
        try (HelidonHttpTransport t = transport(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofMillis(1500));
             UpstreamResponse res = t.send(TestUpstreams.get(TestUpstreams.uri(server, "/endless")))) {
            InputStream body = res.body();
            byte[] buf = new byte[256];
            SocketTimeoutException e = assertThrows(SocketTimeoutException.class, () -> {
                while (body.read(buf) >= 0) {
                    // the stream never ends by itself
                }
            });
            assertEquals("total deadline exceeded", e.getMessage());
        }
        assertTrue(endlessClientGone.await(30, TimeUnit.SECONDS), "the upstream saw the connection close");
    }

    @Test
    void totalDeadlineWhileWaitingForTheResponseIsAnUpstreamTimeout() {
        try (HelidonHttpTransport t = transport(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMillis(400))) {
            GatewayException e = assertThrows(GatewayException.class,
                    () -> t.send(TestUpstreams.get(TestUpstreams.uri(server, "/silent"))));
            assertEquals(ErrorKind.UPSTREAM_TIMEOUT, e.kind());
            assertTrue(e.getMessage().contains("total deadline exceeded (400ms)"), e.getMessage());
        }
    }

    @Test
    void perRequestReadTimeoutOverridesTheInstanceOne() throws Exception {
        try (HelidonHttpTransport t = transport(Duration.ofSeconds(5), Duration.ofSeconds(30), null)) {
            UpstreamRequest shorter = TestUpstreams.get(TestUpstreams.uri(server, "/pause-after-first"))
                    .withTimeouts(Duration.ofMillis(1500), null);
            try (UpstreamResponse res = t.send(shorter)) {
                assertEquals("a", new String(readFirst(res.body()), UTF_8));
                // With the instance's 30 s this read would return "b" once the server stops waiting (10 s).
                assertThrows(SocketTimeoutException.class, () -> res.body().read());
            }
        }
        try (HelidonHttpTransport t = transport(Duration.ofSeconds(5), Duration.ofMillis(200), null)) {
            UpstreamRequest longer = TestUpstreams.get(TestUpstreams.uri(server, "/gap"))
                    .withTimeouts(Duration.ofSeconds(20), null);
            try (UpstreamResponse res = t.send(longer)) {
                // A 1 s gap: fatal with the instance's 200 ms, fine with the request's 20 s.
                assertEquals("ab", new String(res.body().readAllBytes(), UTF_8));
            }
        }
    }

    @Test
    void perRequestTotalTimeoutOverridesTheInstanceOne() throws Exception {
        try (HelidonHttpTransport t = transport(Duration.ofSeconds(5), Duration.ofSeconds(10), null)) {
            UpstreamRequest bounded = TestUpstreams.get(TestUpstreams.uri(server, "/endless"))
                    .withTimeouts(null, Duration.ofMillis(1500));
            try (UpstreamResponse res = t.send(bounded)) {
                SocketTimeoutException e = assertThrows(SocketTimeoutException.class,
                        () -> res.body().transferTo(OutputStream.nullOutputStream()));
                assertEquals("total deadline exceeded", e.getMessage());
            }
        }
    }

    @Test
    void connectTimeoutAgainstAFullListenBacklogIsAnUpstreamTimeout() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        List<Socket> fillers = new ArrayList<>();
        try (ServerSocket backlog = new ServerSocket(0, 1, loopback)) {
            // Never accepted: once the accept queue is full the kernel drops further SYNs, so connects hang.
            boolean full = false;
            for (int i = 0; i < 16 && !full; i++) {
                Socket s = new Socket();
                try {
                    s.connect(backlog.getLocalSocketAddress(), 250);
                    fillers.add(s);
                } catch (SocketTimeoutException e) {
                    full = true;
                    s.close();
                }
            }
            Assumptions.assumeTrue(full, "this OS answers connects to a full backlog; the silent-TLS test covers"
                    + " the connect-phase timeout deterministically");
            try (HelidonHttpTransport t = transport(Duration.ofMillis(300), Duration.ofSeconds(5), Duration.ofSeconds(60))) {
                GatewayException e = assertThrows(GatewayException.class,
                        () -> t.send(TestUpstreams.get(TestUpstreams.uri("http", backlog.getLocalPort(), "/x"))));
                assertEquals(ErrorKind.UPSTREAM_TIMEOUT, e.kind());
                assertEquals("upstream timeout: http://127.0.0.1:" + backlog.getLocalPort()
                        + " (connect timed out after 300ms)", e.getMessage());
            }
        } finally {
            for (Socket s : fillers) {
                s.close();
            }
        }
    }

    @Test
    void connectTimeoutBoundsAHangingTlsHandshake() throws Exception {
        CountDownLatch peerSawClose = new CountDownLatch(1);
        try (RawServer silent = RawServer.start((socket, in, out) -> {
            while (in.read() >= 0) {
                // swallow the ClientHello and never answer
            }
            peerSawClose.countDown();
        })) {
            try (HelidonHttpTransport t = transport(Duration.ofMillis(400), Duration.ofSeconds(30), Duration.ofSeconds(60))) {
                GatewayException e = assertThrows(GatewayException.class,
                        () -> t.send(TestUpstreams.get(TestUpstreams.uri("https", silent.port(), "/v1"))));
                assertEquals(ErrorKind.UPSTREAM_TIMEOUT, e.kind());
                assertTrue(e.getMessage().contains("connect timed out after 400ms"), e.getMessage());
            }
            assertTrue(peerSawClose.await(30, TimeUnit.SECONDS), "the abandoned connection was closed");
        }
    }

    @Test
    void totalDeadlineAlsoBoundsTheConnectPhase() throws Exception {
        try (RawServer silent = RawServer.start((socket, in, out) -> in.transferTo(OutputStream.nullOutputStream()))) {
            try (HelidonHttpTransport t = transport(Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofMillis(300))) {
                GatewayException e = assertThrows(GatewayException.class,
                        () -> t.send(TestUpstreams.get(TestUpstreams.uri("https", silent.port(), "/v1"))));
                assertEquals(ErrorKind.UPSTREAM_TIMEOUT, e.kind());
                assertTrue(e.getMessage().contains("total deadline exceeded"), e.getMessage());
            }
        }
    }

    @Test
    void watchdogIsCancelledWhenTheResponseIsClosedOrFullyRead() throws Exception {
        try (HelidonHttpTransport t = transport(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofMinutes(10))) {
            int before = Exchange.scheduledWatchdogs();
            UpstreamResponse res = t.send(TestUpstreams.get(TestUpstreams.uri(server, "/quick")));
            assertEquals(before + 1, Exchange.scheduledWatchdogs());
            res.close();
            assertEquals(before, Exchange.scheduledWatchdogs(), "closing cancels the watchdog");

            try (UpstreamResponse read = t.send(TestUpstreams.get(TestUpstreams.uri(server, "/quick")))) {
                assertEquals("ok", new String(read.body().readAllBytes(), UTF_8));
                assertEquals(before, Exchange.scheduledWatchdogs(), "the end of the body cancels it too");
            }
            assertThrows(GatewayException.class, () -> t.send(TestUpstreams.get(TestUpstreams.uri("http", 1, "/"))));
            assertEquals(before, Exchange.scheduledWatchdogs(), "a failed send leaves nothing scheduled");
        }
    }

    @Test
    void aLateWatchdogNeverClosesAConnectionThatServesAnotherCall() throws Exception {
        try (HelidonHttpTransport t = transport(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30))) {
            // The first call's body ends, so its connection goes back to the pool.
            Http1UpstreamResponse first = (Http1UpstreamResponse) t.send(
                    TestUpstreams.get(TestUpstreams.uri(server, "/quick")));
            assertEquals("ok", new String(first.body().readAllBytes(), UTF_8));
            assertEquals(1, t.idleConnections());
            // The second call takes that pooled connection ...
            try (UpstreamResponse second = t.send(TestUpstreams.get(TestUpstreams.uri(server, "/gap")))) {
                assertEquals(0, t.idleConnections());
                assertEquals("a", new String(readFirst(second.body()), UTF_8));
                // ... and the first call's watchdog fires late (it was already running when the body ended).
                first.exchange().expire();
                assertEquals("b", new String(second.body().readAllBytes(), UTF_8));
            }
            first.close();
            assertEquals(1, t.idleConnections(), "the connection survived and went back to the pool");
        }
    }
}
