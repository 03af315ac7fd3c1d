package dev.switchboard.testkit;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scriptable fake upstream: a Helidon WebServer on a free loopback port that records every request
 * and answers each {@code METHOD /path} with a scripted {@link Handler}. Per-upstream fakes (OpenAI,
 * Factory, Kiro) build on it with their real wire formats and fault injection.
 *
 * <p>Thread-safe: scripts may be replaced while requests run.
 */
public final class FakeUpstream implements AutoCloseable {
    private final WebServer server;
    private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();

    private FakeUpstream() {
        this.server = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .routing(r -> r.any(this::dispatch))
                .build()
                .start();
    }

    /** Starts a fake with no routes (every request gets 404 until scripted). */
    public static FakeUpstream start() {
        return new FakeUpstream();
    }

    /** {@code http://127.0.0.1:<port>} */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    public int port() {
        return server.port();
    }

    /** Scripts {@code method path} (path without query). Replaces an earlier script. */
    public FakeUpstream on(String method, String path, Handler handler) {
        handlers.put(method.toUpperCase(Locale.ROOT) + " " + path, handler);
        return this;
    }

    /** Every request received so far, in arrival order. */
    public List<Recorded> requests() {
        return Collections.unmodifiableList(new ArrayList<>(requests));
    }

    /** The requests to one path. */
    public List<Recorded> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** The last request, or throws if none. */
    public Recorded lastRequest() {
        if (requests.isEmpty()) {
            throw new IllegalStateException("the fake upstream received no request");
        }
        return requests.get(requests.size() - 1);
    }

    public void clearRequests() {
        requests.clear();
    }

    private void dispatch(ServerRequest req, ServerResponse res) throws Exception {
        byte[] body = req.content().hasEntity() ? req.content().inputStream().readAllBytes() : new byte[0];
        Map<String, String> headers = new LinkedHashMap<>();
        req.headers().forEach(h -> headers.put(h.name().toLowerCase(Locale.ROOT), h.get()));
        String query = req.query().rawValue();
        Recorded rec = new Recorded(req.prologue().method().text(), req.path().path(), query, headers, body);
        requests.add(rec);
        Handler h = handlers.get(rec.method() + " " + rec.path());
        if (h == null) {
            res.status(Status.NOT_FOUND_404).send("no script for " + rec.method() + " " + rec.path());
            return;
        }
        h.handle(rec, new Exchange(res));
    }

    @Override
    public void close() {
        server.stop();
    }

    /** One recorded request. Header names are lower-case. */
    public record Recorded(String method, String path, String query, Map<String, String> headers, byte[] body) {
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** A scripted answer. */
    @FunctionalInterface
    public interface Handler {
        void handle(Recorded request, Exchange exchange) throws Exception;
    }

    /**
     * Writing side of a scripted answer: set status and headers, then either {@link #send} a whole body
     * or {@link #write} chunks (each flushed at once) and optionally {@link #cut()} the connection.
     */
    public static final class Exchange {
        private final ServerResponse res;
        private OutputStream out;

        Exchange(ServerResponse res) {
            this.res = res;
        }

        public Exchange status(int code) {
            res.status(Status.create(code));
            return this;
        }

        public Exchange header(String name, String value) {
            res.header(HeaderNames.create(name), value);
            return this;
        }

        /** Sends a complete body (with Content-Length). */
        public void send(byte[] body) {
            res.send(body);
        }

        public void send(String body) {
            send(body.getBytes(StandardCharsets.UTF_8));
        }

        /** Sends JSON with status 200 unless set. */
        public void json(String json) {
            header("content-type", "application/json");
            send(json);
        }

        /** Writes and flushes one chunk (chunked transfer encoding). */
        public Exchange write(byte[] chunk) {
            try {
                if (out == null) {
                    out = res.outputStream();
                }
                out.write(chunk);
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        public Exchange write(String chunk) {
            return write(chunk.getBytes(StandardCharsets.UTF_8));
        }

        public Exchange pause(Duration d) {
            try {
                Thread.sleep(d);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return this;
        }

        /** Ends the chunked body normally. */
        public void end() {
            try {
                if (out == null) {
                    out = res.outputStream();
                }
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * Drops the connection without finishing the body: the client sees a reset / premature end. After
         * a committed chunked response Helidon cannot send an error, so it closes the socket.
         */
        public void cut() {
            throw new ConnectionCut();
        }
    }

    /** Thrown by {@link Exchange#cut()} to make the server abandon the connection. */
    public static final class ConnectionCut extends RuntimeException {
        ConnectionCut() {
            super("fake upstream cut the connection", null, false, false);
        }
    }
}
