package dev.switchboard.transport;

import io.helidon.common.socket.SocketOptions;
import io.helidon.common.tls.Tls;
import io.helidon.webclient.api.DnsAddressLookup;
import io.helidon.webclient.api.Proxy;
import io.helidon.webclient.api.WebClient;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The transport's keep-alive connections, one idle queue per route (target and proxy). The transport
 * opens connections itself, instead of leaving it to the WebClient, for three reasons:
 * <ol>
 *   <li>a failure here is known to have happened before any byte of the request left, which is what
 *       makes it safe to try the same call through the next proxy;</li>
 *   <li>the whole connect phase — TCP connect, proxy {@code CONNECT}, TLS handshake — is bounded by the
 *       connect timeout (Helidon bounds only the TCP connect; a silent TLS peer would hang forever);</li>
 *   <li>the call holds its connection, so its deadline watchdog can close exactly that connection.</li>
 * </ol>
 *
 * <p>Thread-safe: queues are concurrent and each connection's ownership is a compare-and-set
 * ({@link PooledConnection}).
 */
final class ConnectionPool implements AutoCloseable {
    private static final Tls NO_TLS = Tls.builder().enabled(false).build();

    /** Connections are shared only between calls to the same target through the same proxy. */
    record Route(UpstreamTarget target, ProxyEndpoint proxy) {
    }

    private final WebClient client;
    private final Tls tls;
    private final DnsAddressLookup lookup;
    private final SocketOptions socketOptions;
    private final int maxIdlePerRoute;
    private final Duration trustedIdle;
    private final ConcurrentHashMap<Route, LinkedBlockingDeque<PooledConnection>> idle = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** {@code trustedIdle}: how long a connection may idle and still be taken without a probe. */
    ConnectionPool(WebClient client, Tls tls, int maxIdlePerRoute, Duration trustedIdle) {
        this.client = client;
        this.tls = tls;
        this.lookup = client.prototype().dnsAddressLookup();
        this.socketOptions = client.prototype().socketOptions();
        this.maxIdlePerRoute = maxIdlePerRoute;
        this.trustedIdle = trustedIdle;
    }

    /**
     * An idle connection of {@code route} (unless {@code fresh}), or a new one opened within {@code budget}, owned by
     * {@code exchange}.
     *
     * @throws ConnectFailure when no connection could be opened; nothing was sent
     */
    PooledConnection acquire(Route route, Exchange exchange, Duration budget, boolean fresh) throws ConnectFailure {
        LinkedBlockingDeque<PooledConnection> queue =
                idle.computeIfAbsent(route, r -> new LinkedBlockingDeque<>(maxIdlePerRoute));
        PooledConnection pooled;
        while (!fresh && (pooled = queue.pollFirst()) != null) {
            if (pooled.usable() && pooled.claim(exchange, true) && pooled.stillOpen(trustedIdle)) {
                return pooled;
            }
            pooled.discard(); // closed by the peer while idle
        }
        return open(route, queue, exchange, budget);
    }

    private PooledConnection open(Route route, LinkedBlockingDeque<PooledConnection> queue, Exchange exchange,
                                  Duration budget) throws ConnectFailure {
        PooledConnection pooled = new PooledConnection(queue, () -> !closed);
        pooled.claim(exchange, false);
        pooled.bind(connectWithin(() -> dial(route, pooled), budget));
        return pooled;
    }

    /** Opens the socket of a new connection: direct or through the route's proxy, with TLS for https. */
    private Wire dial(Route route, PooledConnection pooled) {
        UpstreamTarget t = route.target();
        boolean direct = route.proxy() == null;
        InetSocketAddress address = new InetSocketAddress(
                (direct ? TargetResolvers.DIRECT : TargetResolvers.THROUGH_PROXY).resolveAddress(t.host(), lookup),
                t.port());
        return Wire.connect(client, direct ? Proxy.noProxy() : route.proxy().helidonProxy(), address, socketOptions,
                t.tls() ? tls : NO_TLS, pooled::release);
    }

    /**
     * Runs {@code connect} on a virtual thread and waits at most {@code budget}. On timeout the thread is
     * interrupted, which closes a socket that a virtual thread is blocked on; a connection that completes
     * after the caller gave up is closed by that thread, so nothing leaks.
     */
    private static Wire connectWithin(Callable<Wire> connect, Duration budget) throws ConnectFailure {
        if (budget.isZero() || budget.isNegative()) {
            throw new ConnectFailure(ConnectFailure.Kind.TIMEOUT, "connect timed out", null);
        }
        CompletableFuture<Wire> result = new CompletableFuture<>();
        Thread connector = Thread.ofVirtual().name("switchboard-transport-connect").start(() -> {
            try {
                Wire c = connect.call();
                if (!result.complete(c)) {
                    c.close(); // the caller timed out meanwhile
                }
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(budget.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            SocketTimeoutException timeout = new SocketTimeoutException("connect timed out");
            if (result.completeExceptionally(timeout)) {
                connector.interrupt();
                throw ConnectFailure.classify(timeout);
            }
            return awaitCompleted(result); // connected just in time
        } catch (ExecutionException e) {
            throw ConnectFailure.classify(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.completeExceptionally(e);
            connector.interrupt();
            throw new ConnectFailure(ConnectFailure.Kind.CONNECTION, "interrupted while connecting", e);
        }
    }

    private static Wire awaitCompleted(CompletableFuture<Wire> result) throws ConnectFailure {
        try {
            return result.join();
        } catch (RuntimeException e) {
            throw ConnectFailure.classify(e.getCause() == null ? e : e.getCause());
        }
    }

    /** The idle connections currently pooled, oldest first (for tests that inspect their sockets). */
    List<PooledConnection> idleSnapshot() {
        return idle.values().stream().flatMap(java.util.Collection::stream).toList();
    }

    /** Idle connections currently pooled (for tests). */
    int idleConnections() {
        return idle.values().stream().mapToInt(LinkedBlockingDeque::size).sum();
    }

    /** Closes every idle connection; connections in use close with their responses. */
    @Override
    public void close() {
        closed = true;
        idle.values().forEach(queue -> {
            PooledConnection p;
            while ((p = queue.pollFirst()) != null) {
                p.discard();
            }
        });
    }
}
