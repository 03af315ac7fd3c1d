package dev.switchboard.transport;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.HttpHeaders;
import dev.switchboard.spi.UpstreamRequest;
import dev.switchboard.spi.UpstreamResponse;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bodies stream both ways, end correctly, and requests arrive as the plugin built them. */
class StreamingTest {
    private final CountDownLatch clientReadFirstChunk = new CountDownLatch(1);
    private final CountDownLatch serverReadFirstPart = new CountDownLatch(1);
    private final AtomicInteger echoCalls = new AtomicInteger();
    private WebServer server;
    private HelidonHttpTransport transport;

    @BeforeEach
    void start() {
        server = TestUpstreams.start(r -> r
                .get("/two-chunks", (req, res) -> {
                    try (OutputStream out = res.outputStream()) {
                        out.write("first".getBytes(UTF_8));
                        out.flush();
                        // The second chunk only exists once the client has read the first one.
                        if (!clientReadFirstChunk.await(30, TimeUnit.SECONDS)) {
                            throw new IllegalStateException("client never read the first chunk");
                        }
                        out.write("second".getBytes(UTF_8));
                    }
                })
                .post("/digest", (req, res) -> {
                    try (InputStream in = req.content().inputStream()) {
                        MessageDigest sha = MessageDigest.getInstance("SHA-256");
                        byte[] buf = new byte[8192];
                        long total = 0;
                        int n;
                        while ((n = in.read(buf)) >= 0) {
                            if (total == 0 && n > 0) {
                                serverReadFirstPart.countDown();
                            }
                            sha.update(buf, 0, n);
                            total += n;
                        }
                        res.header(HeaderNames.create("x-chunked"),
                                req.headers().contains(HeaderNames.TRANSFER_ENCODING) ? "yes" : "no");
                        res.send(total + " " + HexFormat.of().formatHex(sha.digest()));
                    }
                })
                .post("/echo", (req, res) -> {
                    echoCalls.incrementAndGet();
                    res.send(req.content().as(String.class));
                }));
        transport = HelidonHttpTransport.create(TestUpstreams.settings());
    }

    @AfterEach
    void stop() {
        clientReadFirstChunk.countDown();
        transport.close();
        server.stop();
    }

    @Test
    void responseBodyIsReadChunkByChunkAsItArrives() throws Exception {
        try (UpstreamResponse res = transport.send(TestUpstreams.get(TestUpstreams.uri(server, "/two-chunks")))) {
            assertEquals(200, res.status());
            InputStream body = res.body();
            byte[] buf = new byte[1024];
            int n = body.read(buf);
            // If the transport buffered, this read would wait for a second chunk the server has not sent.
            assertEquals("first", new String(buf, 0, n, UTF_8));
            clientReadFirstChunk.countDown();
            assertEquals("second", new String(body.readAllBytes(), UTF_8));
            assertEquals(-1, body.read());
        }
    }

    @Test
    void streamedRequestBodyArrivesIntactAndChunked() throws Exception {
        byte[] payload = new byte[700_000];
        new Random(42).nextBytes(payload);
        UpstreamRequest req = new UpstreamRequest("POST", TestUpstreams.uri(server, "/digest"), HttpHeaders.create()
                .set("content-type", "application/octet-stream").set("content-length", "1"), // stale framing dropped
                null, () -> new ByteArrayInputStream(payload), null, null);
        try (UpstreamResponse res = transport.send(req)) {
            String expected = payload.length + " "
                    + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload));
            assertEquals(expected, new String(res.readBody(1024), UTF_8));
            assertEquals("yes", res.headers().get("x-chunked"));
        }
    }

    @Test
    void streamedRequestBodyLeavesBeforeTheSourceEnds() throws Exception {
        // The source only yields its second part after the server has received the first one.
        InputStream source = new InputStream() {
            private int part;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                switch (part++) {
                    case 0 -> {
                        byte[] first = "part-one;".getBytes(UTF_8);
                        System.arraycopy(first, 0, b, off, first.length);
                        return first.length;
                    }
                    case 1 -> {
                        try {
                            if (!serverReadFirstPart.await(30, TimeUnit.SECONDS)) {
                                throw new IOException("the first part never reached the server");
                            }
                        } catch (InterruptedException e) {
                            throw new IOException(e);
                        }
                        byte[] second = "part-two".getBytes(UTF_8);
                        System.arraycopy(second, 0, b, off, second.length);
                        return second.length;
                    }
                    default -> {
                        return -1;
                    }
                }
            }
        };
        UpstreamRequest req = new UpstreamRequest("POST", TestUpstreams.uri(server, "/digest"), HttpHeaders.create(),
                null, () -> source, null, null);
        try (UpstreamResponse res = transport.send(req)) {
            byte[] whole = "part-one;part-two".getBytes(UTF_8);
            String expected = whole.length + " " + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(whole));
            assertEquals(expected, new String(res.readBody(1024), UTF_8));
        }
    }

    /**
     * A burst larger than one read's array: what the socket holds beyond the connection's buffer counts too, so a
     * relay that flushes when nothing more is available flushes once for the burst, not once per read.
     */
    @Test
    void aBurstLargerThanOneReadCountsAsAvailableUntilItsLastByte() throws Exception {
        CountDownLatch sent = new CountDownLatch(1);
        CountDownLatch end = new CountDownLatch(1);
        String chunk = "x".repeat(1000);
        try (RawServer raw = RawServer.start((socket, in, out) -> {
            RawServer.readHead(in);
            RawServer.write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + ("3e8\r\n" + chunk + "\r\n").repeat(12)); // 12 KB in one write: more than a first read takes
            sent.countDown();
            end.await(30, TimeUnit.SECONDS);
            RawServer.write(out, "0\r\n\r\n");
        })) {
            try (UpstreamResponse res = transport.send(TestUpstreams.get(TestUpstreams.uri("http", raw.port(), "/")))) {
                assertTrue(sent.await(10, TimeUnit.SECONDS));
                InputStream body = res.body();
                byte[] buf = new byte[64 * 1024];
                int got = body.read(buf);
                while (got < 12 * chunk.length()) {
                    assertTrue(body.available() > 0, "the rest of the burst is counted after " + got + " bytes");
                    got += body.read(buf); // does not wait for the server
                }
                assertEquals(12 * chunk.length(), got);
                assertEquals(0, body.available(), "nothing more arrived");
                end.countDown();
                assertEquals(-1, body.read());
            }
        }
    }

    @Test
    void bytesOfABurstThatArrivedBehindTheChunkBeingReadAreCountedAsAvailable() throws Exception {
        CountDownLatch end = new CountDownLatch(1);
        try (RawServer raw = RawServer.start((socket, in, out) -> {
            RawServer.readHead(in);
            // three chunks in one write, as an upstream sends events that are ready together
            RawServer.write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "3\r\none\r\n3\r\ntwo\r\n5\r\nthree\r\n");
            end.await(30, TimeUnit.SECONDS);
            RawServer.write(out, "0\r\n\r\n");
        })) {
            try (UpstreamResponse res = transport.send(TestUpstreams.get(TestUpstreams.uri("http", raw.port(), "/")))) {
                InputStream body = res.body();
                byte[] buf = new byte[64];
                StringBuilder got = new StringBuilder(new String(buf, 0, body.read(buf), UTF_8));
                while (!got.toString().equals("onetwothree")) {
                    assertTrue(body.available() > 0, "the rest of the burst is counted: read so far " + got);
                    got.append(new String(buf, 0, body.read(buf), UTF_8)); // does not wait for the server
                }
                assertEquals(0, body.available(), "nothing more arrived");
                end.countDown();
                assertEquals(-1, body.read());
                assertEquals(0, body.available(), "nothing after the end");
            }
        }
    }

    @Test
    void requestLineAndHeadersArriveExactlyAsBuilt() throws Exception {
        List<String> heads = new CopyOnWriteArrayList<>();
        try (RawServer raw = RawServer.start((socket, in, out) -> {
            heads.add(RawServer.readHead(in));
            RawServer.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Two: b\r\nX-Two: c\r\n\r\nok");
        })) {
            HttpHeaders headers = HttpHeaders.create().add("x-multi", "one").add("x-multi", "two")
                    .set("authorization", "Bearer secret-token");
            // Order, %2F in path and query, and a literal '+' must all survive (signatures depend on them).
            UpstreamRequest req = new UpstreamRequest("GET", TestUpstreams.uri("http", raw.port(),
                    "/v1/a%2Fb:stream?z=1&beta=true&model=claude%2Fsonnet&q=a+b"), headers, null, null, null, null);
            try (UpstreamResponse res = transport.send(req)) {
                assertEquals("ok", new String(res.readBody(1024), UTF_8));
                assertEquals(List.of("b", "c"), res.headers().all("x-two"));
            }
        }
        String head = heads.getFirst();
        assertTrue(head.startsWith("GET /v1/a%2Fb:stream?z=1&beta=true&model=claude%2Fsonnet&q=a+b HTTP/1.1\r\n"), head);
        String lower = head.toLowerCase(java.util.Locale.ROOT);
        List<String> multi = lower.lines().filter(l -> l.startsWith("x-multi:"))
                .flatMap(l -> java.util.Arrays.stream(l.substring(8).split(","))).map(String::trim).toList();
        assertEquals(List.of("one", "two"), multi, head);
        assertTrue(lower.contains("\r\nhost: 127.0.0.1:"), head);
        assertTrue(lower.contains("\r\nauthorization: bearer secret-token\r\n"), head);
    }

    @Test
    void theRequestTargetIsTheRawPathAndQueryAndHostNamesANonDefaultPort() {
        java.net.URI uri = java.net.URI.create("https://[::1]:8443/v1/a%2Fb%20c?b=2&a=1+1&c=%26");
        assertEquals("/v1/a%2Fb%20c?b=2&a=1+1&c=%26", RequestHead.requestTarget(uri));
        assertEquals("[::1]:8443", RequestHead.hostHeader(uri));
        assertEquals("h", RequestHead.hostHeader(java.net.URI.create("https://h:443/")));
        assertEquals("h:443", RequestHead.hostHeader(java.net.URI.create("http://h:443/")));
        assertEquals("/", RequestHead.requestTarget(java.net.URI.create("http://h")));
        assertEquals("/?q=1", RequestHead.requestTarget(java.net.URI.create("http://h?q=1")));
    }

    @Test
    void sequentialCallsReuseTheKeepAliveConnection() throws Exception {
        for (int i = 0; i < 3; i++) {
            try (UpstreamResponse res = transport.send(UpstreamRequest.postJson(
                    TestUpstreams.uri(server, "/echo"), null, "{}"))) {
                assertEquals("{}", new String(res.readBody(100), UTF_8));
            }
            assertEquals(1, transport.idleConnections(), "the connection went back to the pool");
        }
        assertEquals(3, echoCalls.get());
    }

    @Test
    void noCookieOfOneAnswerGoesOutWithTheNextRequest() throws Exception {
        List<String> heads = new CopyOnWriteArrayList<>();
        try (RawServer raw = RawServer.start((socket, in, out) -> {
            for (int i = 0; i < 2; i++) {
                heads.add(RawServer.readHead(in));
                RawServer.write(out, "HTTP/1.1 200 OK\r\nSet-Cookie: session=account-a; Path=/\r\n"
                        + "Content-Length: 2\r\n\r\nok");
            }
        })) {
            for (int i = 0; i < 2; i++) {
                try (UpstreamResponse res = transport.send(TestUpstreams.get(TestUpstreams.uri("http", raw.port(), "/")))) {
                    assertEquals("ok", new String(res.readBody(10), UTF_8));
                    assertEquals("session=account-a; Path=/", res.headers().get("set-cookie"), "relayed as it came");
                }
            }
            assertEquals(1, raw.accepted.get(), "both on one kept-alive connection");
        }
        assertEquals(2, heads.size());
        assertFalse(heads.get(1).toLowerCase(java.util.Locale.ROOT).contains("cookie"), heads.get(1));
    }

    @Test
    void anInterimAnswerIsSkippedAndConnectionCloseIsHonoured() throws Exception {
        try (RawServer raw = RawServer.start((socket, in, out) -> {
            RawServer.readHead(in);
            RawServer.write(out, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nConnection: close\r\n"
                    + "Content-Length: 4\r\n\r\ndone");
        })) {
            for (int i = 0; i < 2; i++) {
                try (UpstreamResponse res = transport.send(TestUpstreams.get(TestUpstreams.uri("http", raw.port(), "/")))) {
                    assertEquals(201, res.status());
                    assertEquals("done", new String(res.readBody(10), UTF_8));
                }
            }
            assertEquals(2, raw.accepted.get(), "a connection the upstream closes after its answer is not reused");
        }
    }

    @Test
    void aResponseThatIsNotHttpIsAConnectionFailureThatQuotesNothing() throws Exception {
        try (RawServer raw = RawServer.start((socket, in, out) -> {
            RawServer.readHead(in);
            RawServer.write(out, "SSH-2.0-secret-banner\r\n\r\n");
        })) {
            GatewayException e = assertThrows(GatewayException.class,
                    () -> transport.send(TestUpstreams.get(TestUpstreams.uri("http", raw.port(), "/"))));
            assertEquals(ErrorKind.UPSTREAM_CONNECTION, e.kind());
            assertTrue(e.getMessage().contains("malformed response"), e.getMessage());
            assertFalse(e.getMessage().contains("secret"), e.getMessage());
        }
    }

    @Test
    void aPooledConnectionThePeerClosedWhileIdleIsNotUsedAgain() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        try (RawServer raw = RawServer.start((socket, in, out) -> {
            RawServer.readHead(in);
            RawServer.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"); // keep-alive, then gone
            socket.close();
            closed.countDown();
        }); HelidonHttpTransport probing = new HelidonHttpTransport(TestUpstreams.settings(),
                java.time.Clock.systemUTC(), java.time.Duration.ZERO)) {
            for (int i = 0; i < 2; i++) {
                try (UpstreamResponse res = probing.send(TestUpstreams.get(TestUpstreams.uri("http", raw.port(), "/")))) {
                    assertEquals("ok", new String(res.readBody(10), UTF_8));
                }
                assertTrue(closed.await(30, TimeUnit.SECONDS));
            }
            assertEquals(2, raw.accepted.get(), "the closed connection was probed and replaced, not used");
        }
    }

    @Test
    void aRequestOnAReusedConnectionTheUpstreamHadClosedGoesOutAgainOnANewOne() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        List<String> heads = new CopyOnWriteArrayList<>();
        try (RawServer raw = RawServer.start((socket, in, out) -> {
            heads.add(RawServer.readHead(in));
            RawServer.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            socket.close();
            closed.countDown();
        }); HelidonHttpTransport trusting = new HelidonHttpTransport(TestUpstreams.settings(),
                java.time.Clock.systemUTC(), java.time.Duration.ofDays(1))) { // never probes: the resend must catch it
            for (int i = 0; i < 2; i++) {
                try (UpstreamResponse res = trusting.send(UpstreamRequest.postJson(
                        TestUpstreams.uri("http", raw.port(), "/v1/chat/completions"), null, "{\"n\":" + i + "}"))) {
                    assertEquals("ok", new String(res.readBody(10), UTF_8));
                }
                assertTrue(closed.await(30, TimeUnit.SECONDS));
            }
            assertEquals(2, raw.accepted.get());
            assertEquals(2, heads.size(), "each request reached the upstream once");
        }
    }

    @Test
    void aNewConnectionClosedBeforeTheResponseIsNotResent() throws Exception {
        try (RawServer raw = RawServer.start((socket, in, out) -> {
            RawServer.readHead(in);
            socket.close(); // took the request, answered nothing
        })) {
            GatewayException e = assertThrows(GatewayException.class, () -> transport.send(UpstreamRequest.postJson(
                    TestUpstreams.uri("http", raw.port(), "/x"), null, "{}")));
            assertEquals(dev.switchboard.spi.ErrorKind.UPSTREAM_CONNECTION, e.kind());
            assertEquals(1, raw.accepted.get(), "a request on a new connection may have been processed: not resent");
        }
    }

    @Test
    void aPooledConnectionThatIsStillOpenSurvivesTheProbe() throws Exception {
        try (RawServer raw = RawServer.start((socket, in, out) -> {
            while (RawServer.readHead(in) != null) {
                RawServer.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            }
        }); HelidonHttpTransport probing = new HelidonHttpTransport(TestUpstreams.settings(),
                java.time.Clock.systemUTC(), java.time.Duration.ZERO)) {
            for (int i = 0; i < 3; i++) {
                try (UpstreamResponse res = probing.send(TestUpstreams.get(TestUpstreams.uri("http", raw.port(), "/")))) {
                    assertEquals("ok", new String(res.readBody(10), UTF_8));
                }
            }
            assertEquals(1, raw.accepted.get(), "one connection, probed before each reuse");
        }
    }

    @Test
    void closeDelimitedBodyIsReadToTheEnd() throws Exception {
        try (RawServer raw = RawServer.start((socket, in, out) -> {
            RawServer.readHead(in);
            RawServer.write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n");
            RawServer.write(out, "data: one\n\n");
            RawServer.write(out, "data: two\n\n");
            // ... and the close of the connection ends the body.
        })) {
            try (UpstreamResponse res = transport.send(TestUpstreams.get(TestUpstreams.uri("http", raw.port(), "/sse")))) {
                assertEquals("data: one\n\ndata: two\n\n", new String(res.body().readAllBytes(), UTF_8));
                assertEquals(-1, res.body().read());
            }
            assertEquals(0, transport.idleConnections(), "a close-delimited connection is never pooled");
        }
    }

    @Test
    void truncatedContentLengthBodyIsAnIOExceptionNotATimeout() throws Exception {
        try (RawServer raw = RawServer.start((socket, in, out) -> {
            RawServer.readHead(in);
            RawServer.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this");
        })) {
            try (UpstreamResponse res = transport.send(TestUpstreams.get(TestUpstreams.uri("http", raw.port(), "/x")))) {
                IOException e = assertThrows(IOException.class, () -> res.body().readAllBytes());
                assertFalse(e instanceof SocketTimeoutException, e.toString());
            }
        }
    }

    @Test
    void truncatedChunkedBodyIsAnIOException() throws Exception {
        try (RawServer raw = RawServer.start((socket, in, out) -> {
            RawServer.readHead(in);
            RawServer.write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
        })) {
            try (UpstreamResponse res = transport.send(TestUpstreams.get(TestUpstreams.uri("http", raw.port(), "/x")))) {
                byte[] buf = new byte[64];
                assertEquals("hello", new String(buf, 0, res.body().read(buf), UTF_8));
                IOException e = assertThrows(IOException.class, () -> res.body().read(buf));
                assertFalse(e instanceof SocketTimeoutException, e.toString());
            }
        }
    }

    @Test
    void closingMidStreamClosesTheConnectionInsteadOfPoolingIt() throws Exception {
        try (UpstreamResponse res = transport.send(TestUpstreams.get(TestUpstreams.uri(server, "/two-chunks")))) {
            byte[] buf = new byte[64];
            assertEquals("first", new String(buf, 0, res.body().read(buf), UTF_8));
        }
        assertEquals(0, transport.idleConnections());
        UpstreamResponse res = transport.send(TestUpstreams.get(TestUpstreams.uri(server, "/two-chunks")));
        res.close();
        assertThrows(IOException.class, () -> res.body().read(), "a closed response cannot be read");
    }

    @Test
    void noContentResponseHasAnEmptyBodyAndKeepsTheConnection() throws Exception {
        try (RawServer raw = RawServer.start((socket, in, out) -> {
            while (RawServer.readHead(in) != null) {
                RawServer.write(out, "HTTP/1.1 204 No Content\r\n\r\n");
            }
        })) {
            for (int i = 0; i < 2; i++) {
                try (UpstreamResponse res = transport.send(TestUpstreams.get(TestUpstreams.uri("http", raw.port(), "/x")))) {
                    assertEquals(204, res.status());
                    assertEquals(0, res.readBody(10).length);
                }
            }
            assertEquals(1, raw.accepted.get(), "204 without Content-Length is not close-delimited");
            assertTrue(transport.idleConnections() >= 1);
        }
    }
}
