package dev.switchboard.transport;

import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.HttpTransport;
import dev.switchboard.spi.UpstreamRequest;
import dev.switchboard.spi.UpstreamResponse;
import io.helidon.common.socket.SocketOptions;
import io.helidon.common.tls.Tls;
import io.helidon.webclient.api.Proxy;
import io.helidon.webclient.api.WebClient;
import io.helidon.webclient.api.WebClientConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The kernel's {@link HttpTransport}: HTTP/1.1 with keep-alive, no redirects, no cookies, bodies passed through
 * byte for byte (no content decoding). Helidon's connect code opens the sockets (TCP, proxy tunnel, TLS); what
 * runs on them is the transport's own: the connection ({@link Wire}, no buffers held between reads) and the
 * exchange ({@link RequestHead}, {@link ResponseHead}, {@link ResponseBody}). Helidon's client request layer (its
 * services, header objects, entity chains) was about a tenth of a relayed stream's CPU, for features a gateway
 * does not use.
 *
 * <ul>
 *   <li><b>Proxies.</b> Explicit {@code proxies:} round-robin; a proxy that cannot connect (refused,
 *       unreachable, CONNECT rejected, bad credentials) is skipped for {@code proxy-retry-after} and the
 *       same call moves on to the next one — safe, because nothing of the request was sent. Otherwise
 *       {@code HTTPS_PROXY}/{@code HTTP_PROXY}/{@code NO_PROXY} from the settings' environment. Targets are
 *       always reached through a CONNECT tunnel and resolved by the proxy.</li>
 *   <li><b>Timeouts.</b> {@code connect-timeout} bounds the whole connect phase (TCP, tunnel, TLS);
 *       {@code read-timeout} is the longest silence while waiting for the response or its body;
 *       {@code request-timeout} is a total deadline enforced by a watchdog that closes the connection, so
 *       a blocked read ends at once. Requests may override the last two.</li>
 *   <li><b>Streaming.</b> Response bodies are read as they arrive; {@code bodyStream} request bodies are
 *       sent chunked, one chunk per read of the source.</li>
 *   <li><b>Errors.</b> {@link ErrorKind#UPSTREAM_TIMEOUT} or {@link ErrorKind#UPSTREAM_CONNECTION}, naming
 *       the target as {@code scheme://host:port} only. Headers are never logged (they hold credentials).</li>
 * </ul>
 *
 * <p>Thread-safe; one per provider instance, shared by all its calls. Each returned response is used by
 * one thread at a time and must be closed. {@link #close()} drops idle connections.
 */
public final class HelidonHttpTransport implements HttpTransport, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(HelidonHttpTransport.class.getName());
    private static final int MAX_IDLE_PER_ROUTE = 64;
    /**
     * A pooled connection idle for less than this is reused without a probe: servers keep idle keep-alive
     * connections open for at least a few seconds (Node and uvicorn 5 s, nginx 75 s, load balancers a minute).
     */
    private static final Duration TRUSTED_IDLE = Duration.ofSeconds(2);
    private static final int COPY_BUFFER = 16 * 1024;

    private final TransportSettings settings;
    private final WebClient client;
    private final ConnectionPool pool;
    private final ProxyRouter router;

    private HelidonHttpTransport(TransportSettings settings, Clock clock) {
        this(settings, clock, TRUSTED_IDLE);
    }

    /** With the idle time after which a pooled connection is probed before reuse (tests shorten it). */
    HelidonHttpTransport(TransportSettings settings, Clock clock, Duration trustedIdle) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.router = ProxyRouter.create(settings, Objects.requireNonNull(clock, "clock"));
        // The client only configures connections (ConnectionPool): its socket options, TLS and name lookup apply.
        WebClientConfig.Builder builder = WebClient.builder()
                // Nagle off: a request (or a response's ACK-less last segment) must not wait ~40 ms for the
                // peer's delayed ACK; every connection the pool opens takes these options.
                .socketOptions(SocketOptions.builder()
                        .connectTimeout(settings.connectTimeout())
                        .readTimeout(settings.readTimeout())
                        .tcpNoDelay(settings.tcpNoDelay())
                        .build())
                .connectTimeout(settings.connectTimeout())
                .readTimeout(settings.readTimeout())
                // The client's own connections carry only a proxy's CONNECT (requests go through Wire): no 4 KB
                // write buffer for that one short exchange.
                .writeBufferSize(0)
                // No proxy unless the pool routes a connection through one.
                .proxy(Proxy.noProxy())
                // No classpath-discovered client services (tracing, security) that could log headers.
                .servicesDiscoverServices(false);
        Tls tls = settings.trustStore() == null ? null : trustStoreTls(settings);
        if (tls != null) {
            builder.tls(tls);
        }
        this.client = builder.build();
        this.pool = new ConnectionPool(client, tls == null ? client.prototype().tls() : tls, MAX_IDLE_PER_ROUTE,
                trustedIdle);
    }

    private static Tls trustStoreTls(TransportSettings settings) {
        try {
            return Tls.builder()
                    .sslContext(TrustStores.sslContext(settings.trustStore(), settings.trustStorePassword()))
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("trust store " + settings.trustStore() + " cannot be used: "
                    + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * @throws IllegalArgumentException if a proxy from the environment is not an http URL, or the trust store
     *                                  cannot be used (messages name the variable or path, never a secret)
     * @throws UncheckedIOException     if the trust store cannot be read
     */
    public static HelidonHttpTransport create(TransportSettings settings) {
        return new HelidonHttpTransport(settings, Clock.systemUTC());
    }

    /** As {@link #create(TransportSettings)}, with the clock that times proxy skip periods (tests inject one). */
    public static HelidonHttpTransport create(TransportSettings settings, Clock clock) {
        return new HelidonHttpTransport(settings, clock);
    }

    public TransportSettings settings() {
        return settings;
    }

    @Override
    public UpstreamResponse send(UpstreamRequest request) throws GatewayException {
        UpstreamTarget target = UpstreamTarget.of(request.uri());
        checkHeaders(request);
        try {
            return send(request, target, false);
        } catch (StaleConnection stale) {
            // A kept-alive connection the upstream had closed while it idled: it answered nothing, so the request
            // was not processed and goes out once more, on a new connection.
            LOG.fine(() -> "a pooled connection to " + target.display() + " was closed by the upstream; resending");
            return send(request, target, true);
        }
    }

    /** Thrown (once) when a reused connection turned out closed before any byte of its response. */
    private static final class StaleConnection extends RuntimeException {
        StaleConnection() {
            super(null, null, false, false);
        }
    }

    private UpstreamResponse send(UpstreamRequest request, UpstreamTarget target, boolean fresh)
            throws GatewayException {
        Duration readTimeout = positive(request.readTimeout()) ? request.readTimeout() : settings.readTimeout();
        Exchange exchange = Exchange.start(request.totalTimeout() != null ? request.totalTimeout()
                : settings.totalTimeout());
        PooledConnection connection = null;
        try {
            connection = connect(target, exchange, fresh);
            exchange.attach(connection);
            ResponseHead head = exchange(connection, request, readTimeout);
            return new Http1UpstreamResponse(head, connection, exchange, target, readTimeout);
        } catch (GatewayException e) {
            abandon(exchange, connection);
            throw e;
        } catch (RuntimeException e) {
            abandon(exchange, connection);
            if (!fresh && connection != null && connection.reused() && request.bodyStream() == null
                    && !exchange.expired() && TransportErrors.closedBeforeResponse(e)) {
                throw new StaleConnection();
            }
            GatewayException mapped = TransportErrors.exchangeFailed(target, e, exchange, readTimeout);
            LOG.log(Level.FINE, e, mapped::getMessage);
            throw mapped;
        }
    }

    /**
     * Rejects header names and values that would break the request framing (CR, LF, NUL). A plugin defect,
     * reported as {@link ErrorKind#INTERNAL} before anything is sent; the value is not quoted (it may be a key).
     */
    private static void checkHeaders(UpstreamRequest request) throws GatewayException {
        for (String name : request.headers().names()) {
            boolean valid = !name.isEmpty();
            for (int i = 0; valid && i < name.length(); i++) {
                valid = isTokenChar(name.charAt(i));
            }
            for (String value : request.headers().all(name)) {
                valid &= value != null && framingSafe(value);
            }
            if (!valid) {
                throw new GatewayException(ErrorKind.INTERNAL, "invalid upstream request header '"
                        + name.replaceAll("[^!-~]", "?") + "'");
            }
        }
    }

    /** No CR, LF or NUL (a loop, not a stream: every header of every upstream request passes here). */
    private static boolean framingSafe(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isTokenChar(int c) {
        return c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
    }

    private static void abandon(Exchange exchange, PooledConnection connection) {
        exchange.finish();
        if (connection != null) {
            connection.abort(exchange);
        }
    }

    private static boolean positive(Duration d) {
        return d != null && !d.isZero() && !d.isNegative();
    }

    /** A connection to {@code target}: direct, or through the first proxy that connects; {@code fresh}: a new one. */
    private PooledConnection connect(UpstreamTarget target, Exchange exchange, boolean fresh) throws GatewayException {
        Duration connectTimeout = settings.connectTimeout();
        List<ProxyEndpoint> proxies = router.attemptOrder(target);
        if (proxies.isEmpty()) {
            try {
                return pool.acquire(new ConnectionPool.Route(target, null), exchange, exchange.bound(connectTimeout),
                        fresh);
            } catch (ConnectFailure f) {
                throw TransportErrors.connectFailed(target, f, exchange, connectTimeout);
            }
        }
        List<String> failures = new ArrayList<>(proxies.size());
        ConnectFailure last = null;
        for (ProxyEndpoint proxy : proxies) {
            try {
                PooledConnection c = pool.acquire(new ConnectionPool.Route(target, proxy), exchange,
                        exchange.bound(connectTimeout), fresh);
                router.succeeded(proxy);
                return c;
            } catch (ConnectFailure f) {
                if (f.kind() == ConnectFailure.Kind.TLS || exchange.expired()) {
                    // TLS: the tunnel was up, the target's certificate is the problem. Deadline: out of time.
                    throw TransportErrors.connectFailed(target, f, exchange, connectTimeout);
                }
                router.failed(proxy, f.reason());
                failures.add(proxy + ": " + f.reason());
                last = f;
            }
        }
        throw TransportErrors.proxiesFailed(target, failures, last);
    }

    /** Writes the request on the connection and reads the answer's head. */
    private ResponseHead exchange(PooledConnection connection, UpstreamRequest request, Duration readTimeout) {
        connection.readTimeout(readTimeout);
        Wire c = connection.connection();
        String method = request.method().toUpperCase(Locale.ROOT);
        String requestTarget = requestTarget(request.uri());
        byte[] body = request.body();
        if (request.bodyStream() != null) {
            c.write(RequestHead.encode(method, requestTarget, request.uri(), request.headers(),
                    RequestHead.Framing.CHUNKED, 0));
            try {
                streamBody(request, c);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            RequestHead.Framing framing = body == null ? RequestHead.Framing.NONE : RequestHead.Framing.LENGTH;
            byte[] head = RequestHead.encode(method, requestTarget, request.uri(), request.headers(), framing,
                    body == null ? 0 : body.length);
            // One write for head and body: a small request leaves in one segment.
            byte[] whole = body == null || body.length == 0 ? head : concat(head, body);
            c.write(whole);
        }
        return ResponseHead.read(c.reader(), method);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** The last URI sent and its request target: a plugin sends most requests to one URI object it keeps. */
    private record Target(URI given, String requestTarget) {
    }

    private volatile Target lastTarget;

    /** {@link RequestHead#requestTarget}, built once per URI object a plugin keeps rather than per request. */
    private String requestTarget(URI uri) {
        Target last = lastTarget;
        if (last != null && last.given() == uri) {
            return last.requestTarget();
        }
        String target = RequestHead.requestTarget(uri);
        lastTarget = new Target(uri, target);
        return target;
    }

    /** Copies the body source chunk by chunk; every read of the source becomes one HTTP chunk, sent at once. */
    private static void streamBody(UpstreamRequest request, Wire out) throws IOException {
        InputStream in;
        try {
            in = Objects.requireNonNull(request.bodyStream().get(), "bodyStream supplied null");
        } catch (RuntimeException e) {
            throw new RequestBodyException(ErrorKind.INTERNAL, "the request body stream could not be opened", e);
        }
        try {
            byte[] buffer = new byte[COPY_BUFFER];
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (IOException | UncheckedIOException e) {
                    throw new RequestBodyException(ErrorKind.INVALID_REQUEST, "reading the request body failed", e);
                }
                if (n < 0) {
                    break;
                }
                if (n > 0) {
                    out.write(RequestHead.chunk(buffer, n));
                }
            }
        } finally {
            closeSource(in);
        }
        out.write(RequestHead.LAST_CHUNK);
    }

    private static void closeSource(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing the request body source failed", e);
        }
    }

    /** Closes idle keep-alive connections; responses still open keep theirs until closed. */
    @Override
    public void close() {
        pool.close();
    }

    /** The connections idle in the pool (for tests that read their socket options back). */
    List<Wire> idleConnectionsForTest() {
        return pool.idleSnapshot().stream().map(PooledConnection::connection).toList();
    }

    /** Idle pooled connections (for tests). */
    int idleConnections() {
        return pool.idleConnections();
    }

    @Override
    public String toString() {
        return "HelidonHttpTransport[" + settings + "]";
    }
}
