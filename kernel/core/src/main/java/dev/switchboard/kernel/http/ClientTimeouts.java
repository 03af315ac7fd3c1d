package dev.switchboard.kernel.http;

import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http1.Http1ConnectionListener;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Deadlines for reading a client's request ({@code server.header-timeout}, {@code server.body-timeout}), so a
 * client that sends its headers or its body slowly, or stops short of its {@code Content-Length}, cannot hold a
 * connection and a thread forever. Helidon 4.3 bounds only the idle time before a request line (its idle
 * connection timeout) and has no read timeout on server sockets, so this class watches the two phases it does
 * not cover:
 * <ul>
 *   <li>headers: from the end of the request line (Helidon's {@code prologue} event) to the end of the headers;</li>
 *   <li>body: from the end of the headers to the moment the gateway has read the whole body (or, for routes that
 *       do not read it, until the rest is drained after the answer).</li>
 * </ul>
 * A connection past its deadline is closed (one FINE log line). The response phase has no deadline here: a long
 * answer stream is never cut. Events arrive on the connection's own thread, which also runs the routing, so the
 * connection of the current request is kept in a thread-local between the headers event and the end of the
 * request. Thread-safe.
 */
public final class ClientTimeouts implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ClientTimeouts.class.getName());
    private static final ThreadLocal<Current> CURRENT = new ThreadLocal<>();

    private final long headerNanos;
    private final long bodyNanos;
    private final Map<ConnectionContext, Deadline> armed = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker;

    public ClientTimeouts(Duration headerTimeout, Duration bodyTimeout) {
        this.headerNanos = headerTimeout.toNanos();
        this.bodyNanos = bodyTimeout.toNanos();
        long period = Math.clamp(Math.min(headerNanos, bodyNanos) / 4, TimeUnit.MILLISECONDS.toNanos(20),
                TimeUnit.SECONDS.toNanos(1));
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "client-read-deadlines");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(this::closeExpired, period, period, TimeUnit.NANOSECONDS);
    }

    /** The connection listener that arms and disarms the deadlines; register it as an HTTP/1 receive listener. */
    public Http1ConnectionListener listener() {
        return new Http1ConnectionListener() {
            @Override
            public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
                arm(ctx, "headers", headerNanos);
            }

            @Override
            public void headers(ConnectionContext ctx, Headers headers) {
                Deadline body = null;
                if (hasBody(headers)) {
                    body = arm(ctx, "body", bodyNanos);
                } else {
                    armed.remove(ctx);
                }
                CURRENT.set(new Current(ClientTimeouts.this, ctx, body));
            }
        };
    }

    /**
     * Ends the body phase with the request ({@link RequestFilter} calls it once the answer is done, whatever the
     * outcome): a body the route did not read is drained here, still under its deadline, instead of by the server
     * afterwards without one. A body that cannot be drained (the deadline closed the connection, or the client
     * went away) is logged at FINE: nobody is left to answer.
     */
    void finish(RoutingRequest req) {
        Current c = CURRENT.get();
        if (c == null || c.owner() != this) {
            return;
        }
        CURRENT.remove();
        try {
            if (!req.content().consumed()) {
                req.content().consume();
            }
        } catch (RuntimeException e) {
            LOG.fine(() -> "unread request body could not be drained (" + e.getClass().getSimpleName() + ")");
        } finally {
            armed.remove(c.ctx());
        }
    }

    /** Marks the current request's body as completely read: its deadline no longer applies. */
    static void bodyRead() {
        Current c = CURRENT.get();
        if (c != null) {
            c.owner().armed.remove(c.ctx());
        }
    }

    /**
     * The error for a body that could not be read: the deadline closed the connection, or the client went away.
     * Nobody will read the answer, so this is logged at FINE only, without a stack trace.
     */
    static GatewayException bodyFailed(Exception cause) {
        Current c = CURRENT.get();
        if (c != null) {
            c.owner().armed.remove(c.ctx());
        }
        String why = c != null && c.body() != null && c.body().fired().get()
                ? "the request body was not received within the body timeout"
                : "the request body could not be read (the client closed the connection?)";
        LOG.fine(() -> why + ": " + cause.getClass().getSimpleName());
        return new GatewayException(ErrorKind.INVALID_REQUEST, why);
    }

    private Deadline arm(ConnectionContext ctx, String phase, long nanos) {
        Deadline d = new Deadline(phase, System.nanoTime() + nanos, new AtomicBoolean());
        armed.put(ctx, d);
        return d;
    }

    private static boolean hasBody(Headers headers) {
        if (headers.contains(HeaderValues.TRANSFER_ENCODING_CHUNKED)) {
            return true;
        }
        return headers.first(HeaderNames.CONTENT_LENGTH).map(v -> !v.trim().equals("0")).orElse(false);
    }

    private void closeExpired() {
        long now = System.nanoTime();
        armed.forEach((ctx, d) -> {
            if (d.expired(now) && armed.remove(ctx, d)) {
                d.fired().set(true);
                LOG.fine(() -> "closing a connection from " + ctx.remotePeer().address() + ": its request " + d.phase()
                        + " did not arrive in time");
                try {
                    ctx.serverSocket().close();
                } catch (RuntimeException e) {
                    LOG.log(Level.FINE, "closing a timed-out connection failed", e);
                }
            }
        });
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }

    private record Deadline(String phase, long atNanos, AtomicBoolean fired) {
        boolean expired(long now) {
            return now - atNanos > 0;
        }
    }

    private record Current(ClientTimeouts owner, ConnectionContext ctx, Deadline body) {
    }
}
