package dev.switchboard.kernel.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.kernel.logging.RequestLogContext;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http1.Http1Config;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The order of the request filter's stages, on a real Helidon listener with test routes: which stage answers when
 * several would refuse, which headers a refusal carries, and that every request — refused, answered or cut by its
 * route — is counted out of the drain and gets its access line, written last with the request's id still current.
 */
class RequestFilterTest {
    private static final String ORIGIN = "https://app.example";
    private static final String FORGED = "evil.example";

    private final BlockingQueue<Ended> ended = new LinkedBlockingQueue<>();
    private final ShutdownDrain drain = new ShutdownDrain();
    private final ClientTimeouts timeouts = new ClientTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(10));
    private WebServer server;

    /** What the access log reported, and what was true when it did. */
    private record Ended(String path, int status, boolean requestIdCurrent, int inFlight) {
    }

    private void start(BooleanSupplier adminUserStored) {
        RequestListener listener = (path, status, info) -> ended.add(new Ended(path, status,
                info.requestId().equals(RequestLogContext.current()), drain.inFlight()));
        RequestFilter filter = new RequestFilter(new AccessLog(listener), timeouts, drain,
                new AdminReadyGate(adminUserStored), new CorsPolicy(List.of(ORIGIN)),
                new HostCheck(List.of(), () -> true));
        server = WebServer.builder().host("127.0.0.1").port(0)
                .addProtocol(Http1Config.builder().addReceiveListener(timeouts.listener()).build())
                .routing(r -> r.addFilter(filter)
                        .get("/ok", (req, res) -> res.send("in-flight=" + drain.inFlight() + " id-current="
                                + AccessLog.info(req).requestId().equals(RequestLogContext.current())))
                        .get("/admin/x", (req, res) -> res.send("admin"))
                        .get("/boom", (req, res) -> {
                            throw new IllegalStateException("the route failed");
                        })
                        .get("/close", (req, res) -> {
                            throw new CloseConnectionException("the route gave up on the connection");
                        }))
                .build().start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
        timeouts.close();
    }

    @Test
    void eachStageAnswersInItsTurn() throws Exception {
        start(() -> false);

        Answer preflight = exchange("OPTIONS", "/v1/messages", FORGED, ORIGIN);
        assertEquals(204, preflight.status(), "CORS answers a preflight before the host check");
        assertEquals(ORIGIN, preflight.header("access-control-allow-origin"));
        assertEquals(CorsPolicy.METHODS, preflight.header("access-control-allow-methods"));
        assertLogged("/v1/messages", 204);

        Answer forged = exchange("GET", "/ok", FORGED, ORIGIN);
        assertEquals(403, forged.status(), forged.body());
        assertTrue(forged.body().contains("permission_error"), forged.body());
        assertEquals(ORIGIN, forged.header("access-control-allow-origin"), "the host refusal carries CORS headers");
        assertLogged("/ok", 403);

        Answer admin = exchange("OPTIONS", "/admin/x", FORGED, ORIGIN);
        assertEquals(503, admin.status(), "the admin gate answers before CORS and the host check");
        assertNull(admin.header("access-control-allow-origin"));
        assertNull(admin.header("retry-after"), "not the drain's answer");
        assertLogged("/admin/x", 503);

        Answer ok = exchange("GET", "/ok", "127.0.0.1", ORIGIN);
        assertEquals(200, ok.status(), ok.body());
        assertEquals(ORIGIN, ok.header("access-control-allow-origin"));
        assertTrue(ok.body().contains("in-flight=1 id-current=true"), "the route runs counted in: " + ok.body());
        assertLogged("/ok", 200);

        assertEquals(0, drain.drain(Duration.ZERO));
        Answer draining = exchange("OPTIONS", "/admin/x", FORGED, ORIGIN);
        assertEquals(503, draining.status(), "the drain answers before every later stage");
        assertEquals("5", draining.header("retry-after"));
        assertTrue(draining.body().contains("\"code\":\"shutting_down\""), draining.body());
        assertNull(draining.header("access-control-allow-origin"));
        assertLogged("/admin/x", 503);
        assertEquals(0, drain.inFlight());
    }

    @Test
    void aRouteThatFailsIsCountedOutAndLogged() throws Exception {
        start(() -> true);
        assertEquals(500, exchange("GET", "/boom", "127.0.0.1", null).status());
        assertLogged("/boom", 500);
        // Helidon rethrows this one through every filter: the stages' cleanup must run on the way out.
        Answer closed = exchange("GET", "/close", "127.0.0.1", null);
        assertEquals(-1, closed.status(), "no answer: " + closed.body());
        Ended e = ended.poll(10, TimeUnit.SECONDS);
        assertNotNull(e, "an access line for the cut request");
        assertEquals("/close", e.path());
        assertTrue(e.requestIdCurrent() && e.inFlight() == 0, e.toString());
        assertEquals(0, drain.inFlight());
    }

    @Test
    void anAdminCallWaitsForTheAdminUserWhileCountedInFlight() throws Exception {
        CountDownLatch stored = new CountDownLatch(1);
        start(() -> {
            try {
                return stored.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        CompletableFuture<Answer> admin = CompletableFuture.supplyAsync(() -> {
            try {
                return exchange("GET", "/admin/x", "127.0.0.1", null);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (drain.inFlight() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(1, drain.inFlight(), "the held admin call counts as in flight, so shutdown waits for it");
        assertFalse(admin.isDone());
        assertEquals(200, exchange("GET", "/ok", "127.0.0.1", null).status(), "other paths pass at once");
        assertLogged("/ok", 200, 1);
        stored.countDown();
        Answer a = admin.get(20, TimeUnit.SECONDS);
        assertEquals(200, a.status());
        assertEquals("admin", a.body());
        assertLogged("/admin/x", 200);
    }

    /** The next access line is for {@code path} with {@code status}, written counted out and with the id current. */
    private void assertLogged(String path, int status) throws InterruptedException {
        assertLogged(path, status, 0);
    }

    /** As {@link #assertLogged(String, int)} while {@code othersInFlight} other requests are held. */
    private void assertLogged(String path, int status, int othersInFlight) throws InterruptedException {
        Ended e = ended.poll(10, TimeUnit.SECONDS);
        assertNotNull(e, "an access line for " + path);
        assertEquals(new Ended(path, status, true, othersInFlight), e);
    }

    /** One request over a plain socket ({@code java.net.http} will not send a forged Host); status -1 if none. */
    private Answer exchange(String method, String path, String host, String origin) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            s.setSoTimeout(20_000);
            StringBuilder sb = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ")
                    .append(host).append("\r\n");
            if (origin != null) {
                sb.append("Origin: ").append(origin).append("\r\n");
            }
            sb.append("Content-Length: 0\r\nConnection: close\r\n\r\n");
            OutputStream out = s.getOutputStream();
            out.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return Answer.read(s.getInputStream());
        }
    }

    private record Answer(int status, Map<String, String> headers, String body) {
        /** The head, then a body of its Content-Length, or none for a 204; status -1 if the server hung up. */
        static Answer read(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            try {
                for (int c; !head.toString().endsWith("\r\n\r\n"); head.append((char) c)) {
                    if ((c = in.read()) < 0) {
                        return new Answer(-1, Map.of(), head.toString());
                    }
                }
            } catch (java.net.SocketException reset) {
                return new Answer(-1, Map.of(), head.toString());
            }
            String[] lines = head.toString().trim().split("\r\n");
            Map<String, String> headers = java.util.Arrays.stream(lines).skip(1).filter(l -> l.indexOf(':') > 0)
                    .collect(Collectors.toMap(l -> l.substring(0, l.indexOf(':')).trim().toLowerCase(Locale.ROOT),
                            l -> l.substring(l.indexOf(':') + 1).trim(), (a, b) -> a));
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            String length = headers.get("content-length");
            byte[] body = status == 204 ? new byte[0]
                    : length != null ? in.readNBytes(Integer.parseInt(length)) : in.readAllBytes();
            return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
        }

        String header(String name) {
            return headers.get(name);
        }
    }
}
