package dev.switchboard.transport;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Decides which proxies a call tries, in which order:
 * <ul>
 *   <li>with explicit {@code proxies:}, all of them round-robin (each call starts at the next one), minus
 *       those skipped after a recent connect failure; when every proxy is being skipped, the one that
 *       recovers soonest is tried anyway (refusing to try at all would turn a blip into an outage);</li>
 *   <li>otherwise, if environment proxies are enabled, {@code HTTPS_PROXY}/{@code https_proxy} for https
 *       targets and {@code HTTP_PROXY}/{@code http_proxy} for http targets, unless {@code NO_PROXY}/
 *       {@code no_proxy} lists the target (upper case wins when both spellings are set);</li>
 *   <li>else none: a direct connection.</li>
 * </ul>
 *
 * <p>Thread-safe: the rotation counter is atomic and the retry times are volatile.
 */
final class ProxyRouter {
    private static final Logger LOG = Logger.getLogger(ProxyRouter.class.getName());

    private final List<ProxyEndpoint> rotation;
    private final ProxyEndpoint httpsProxy;
    private final ProxyEndpoint httpProxy;
    private final NoProxyRules noProxy;
    private final Duration retryAfter;
    private final Clock clock;
    private final AtomicInteger next = new AtomicInteger();

    private ProxyRouter(List<ProxyEndpoint> rotation, ProxyEndpoint httpsProxy, ProxyEndpoint httpProxy,
                        NoProxyRules noProxy, Duration retryAfter, Clock clock) {
        this.rotation = rotation;
        this.httpsProxy = httpsProxy;
        this.httpProxy = httpProxy;
        this.noProxy = noProxy;
        this.retryAfter = retryAfter;
        this.clock = clock;
    }

    /**
     * @throws IllegalArgumentException when a proxy variable holds something other than an http URL; the
     *                                  message names the variable, never its value (it may hold credentials)
     */
    static ProxyRouter create(TransportSettings settings, Clock clock) {
        if (!settings.proxies().isEmpty()) {
            List<ProxyEndpoint> endpoints = settings.proxies().stream().map(ProxyEndpoint::of).toList();
            return new ProxyRouter(endpoints, null, null, NoProxyRules.none(), settings.proxyRetryAfter(), clock);
        }
        if (!settings.useEnvironmentProxy()) {
            return new ProxyRouter(List.of(), null, null, NoProxyRules.none(), settings.proxyRetryAfter(), clock);
        }
        Map<String, String> env = settings.environment();
        return new ProxyRouter(List.of(), fromEnvironment(env, "HTTPS_PROXY"), fromEnvironment(env, "HTTP_PROXY"),
                NoProxyRules.parse(firstSet(env, "NO_PROXY")), settings.proxyRetryAfter(), clock);
    }

    private static String firstSet(Map<String, String> env, String upperName) {
        String v = env.get(upperName);
        if (v == null || v.isBlank()) {
            v = env.get(upperName.toLowerCase(java.util.Locale.ROOT));
        }
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static ProxyEndpoint fromEnvironment(Map<String, String> env, String upperName) {
        String value = firstSet(env, upperName);
        if (value == null) {
            return null;
        }
        String name = env.get(upperName) != null && !env.get(upperName).isBlank()
                ? upperName : upperName.toLowerCase(java.util.Locale.ROOT);
        // Tools accept "host:port" without a scheme; so do we.
        String url = value.contains("://") ? value : "http://" + value;
        try {
            return ProxyEndpoint.of(new ProxySpec(name, new URI(url)));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalArgumentException(name
                    + " is not a usable proxy URL (expected http://[user:pass@]host:port)");
        }
    }

    /** The proxies to try for {@code target}, in order; empty for a direct connection. */
    List<ProxyEndpoint> attemptOrder(UpstreamTarget target) {
        if (rotation.isEmpty()) {
            ProxyEndpoint env = target.tls() ? httpsProxy : httpProxy;
            if (env == null || noProxy.bypass(target.host(), target.port())) {
                return List.of();
            }
            return List.of(env);
        }
        int n = rotation.size();
        int start = Math.floorMod(next.getAndIncrement(), n);
        Instant now = clock.instant();
        List<ProxyEndpoint> order = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ProxyEndpoint p = rotation.get((start + i) % n);
            if (!p.skippedAt(now)) {
                order.add(p);
            }
        }
        if (order.isEmpty()) {
            order.add(rotation.stream().min(Comparator.comparing(ProxyEndpoint::skipUntil)).orElseThrow());
        }
        return order;
    }

    /** Records that {@code proxy} could not connect: it is skipped for {@code proxy-retry-after}. */
    void failed(ProxyEndpoint proxy, String reason) {
        proxy.skipUntil(clock.instant().plus(retryAfter));
        if (rotation.size() > 1) {
            LOG.log(Level.WARNING, () -> proxy + " failed (" + reason + "); skipping it for "
                    + Durations.format(retryAfter));
        } else {
            LOG.log(Level.WARNING, () -> proxy + " failed (" + reason + ")");
        }
    }

    /** Records that {@code proxy} connected, ending any skip period early. */
    void succeeded(ProxyEndpoint proxy) {
        if (proxy.skipUntil() != Instant.MIN) {
            proxy.skipUntil(Instant.MIN);
        }
    }

    /** True when calls may go through a proxy at all (for diagnostics). */
    boolean hasProxies() {
        return !rotation.isEmpty() || httpsProxy != null || httpProxy != null;
    }
}
