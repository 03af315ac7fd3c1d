package dev.switchboard.kernel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testkit.AnthropicSse;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code server.header-timeout}, {@code server.body-timeout} and {@code server.idle-timeout}: slow or short requests
 * are closed within bounded time, a long answer stream is never cut, and none of it logs a warning or a stack
 * trace. Timeouts are short here; every wait on the test side is bounded by {@link RawHttp#READ_TIMEOUT_MS}.
 */
class ClientReadTimeoutsTest {
    /**
     * Short enough to keep the test quick, long enough that a loaded machine's client still gets its headers out in
     * time (at 300 ms a busy build machine once cut the test's own well-formed request).
     */
    private static final String TIMEOUTS = "  header-timeout: 1500ms\n  body-timeout: 1500ms\n  idle-timeout: 2s\n";
    private static final String MSG = "{\"model\":\"claude-opus-5-5\",\"max_tokens\":5,\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @TempDir
    Path home;

    private GatewayFixture gateway() throws Exception {
        return new GatewayFixture(home, "admin:\n  password: correct-horse-battery\n" + GatewayFixture.oneProvider("", "k1").replace("server:\n", "server:\n" + TIMEOUTS));
    }

    /** Collects warnings and anything logged with a stack trace, from every logger. */
    private static final class Loud extends Handler {
        final List<LogRecord> records = new CopyOnWriteArrayList<>();

        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue() && !r.getLoggerName().contains("ClientAuthenticator")
                    || r.getThrown() != null && r.getLevel().intValue() > Level.FINE.intValue()) {
                records.add(r);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void slowHeadersShortBodiesAndSilentConnectionsAreClosedQuietly() throws Exception {
        Loud loud = new Loud();
        Logger root = Logger.getLogger("");
        root.addHandler(loud);
        try (GatewayFixture f = gateway()) {
            int port = f.gateway.port();
            try (RawHttp slowloris = new RawHttp(port)) {
                slowloris.send("POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\n");
                boolean cut = false;
                for (int i = 0; i < 400 && !cut; i++) {
                    try {
                        slowloris.send("X-Drip-" + i + ": x\r\n");
                        Thread.sleep(50);
                    } catch (IOException closed) {
                        cut = true;
                    }
                }
                assertTrue(cut || slowloris.closedByServer(), "headers dripping for 20 s were cut");
            }
            try (RawHttp silent = new RawHttp(port)) {
                silent.send("POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: applic");
                assertTrue(silent.closedByServer(), "headers that stop coming are cut");
            }
            try (RawHttp shortBody = new RawHttp(port)) {
                shortBody.send("POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 1000\r\n\r\n{\"model\":");
                assertTrue(shortBody.closedByServer(), "a body shorter than its Content-Length is cut");
            }
            try (RawHttp unreadBody = new RawHttp(port)) {
                unreadBody.send("POST /health HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\nxx");
                assertTrue(unreadBody.closedByServer(), "a short body on a route that does not read it is cut too");
            }
            try (RawHttp idle = new RawHttp(port)) {
                idle.send("POS");
                assertTrue(idle.closedByServer(), "a request line that never completes is cut by the idle timeout");
            }
            f.fake.on("POST", "/v1/messages", (req, ex) -> {
                ex.status(200).header("content-type", "text/event-stream");
                List<String> frames = AnthropicSse.start("m", 3).text("a").text("b").text("c").end("end_turn", 3).frames();
                for (String frame : frames) {
                    ex.write(frame).pause(Duration.ofMillis(400));
                }
                ex.end();
            });
            HttpResponse<String> stream = f.send(f.post("/v1/messages", MSG));
            assertEquals(200, stream.statusCode());
            assertTrue(stream.body().contains("message_stop") && stream.body().contains("\"text\":\"c\""),
                    "a stream longer than every read timeout arrives whole: " + stream.body());
            // On a new connection: Helidon's idle check counts from the start of a connection's last request, so
            // a connection whose answer took longer than idle-timeout (this stream: about 5 s, against 2 s) is
            // closed right after that answer, and a client that reuses it at that moment gets no answer.
            try (HttpClient fresh = HttpClient.newHttpClient()) {
                assertEquals(200, fresh.send(f.post("/v1/messages", MSG).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode(), "the gateway still serves");
            }
        } finally {
            root.removeHandler(loud);
        }
        assertEquals(List.of(), loud.records.stream().map(r -> r.getLoggerName() + ": " + r.getMessage()
                + (r.getThrown() == null ? "" : " / " + r.getThrown())).toList(), "closing connections stays quiet");
    }
}
