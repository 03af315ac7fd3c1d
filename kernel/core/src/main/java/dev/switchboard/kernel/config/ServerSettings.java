package dev.switchboard.kernel.config;

import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.PluginConfig;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

/**
 * {@code server:} — the HTTP listener.
 *
 * @param host               bind address (default 127.0.0.1: nothing is exposed until you choose to)
 * @param port               port (default 8080; 0 picks a free one)
 * @param maxRequestBytes    request body limit; larger bodies get 413 (default 32 MiB)
 * @param shutdownGrace      how long in-flight requests may finish on shutdown (default 30 s)
 * @param heartbeatInterval  silence after which streams get a keep-alive (default 15 s)
 * @param corsAllowedOrigins origins that get {@code Access-Control-Allow-Origin} (default none)
 * @param tcpNoDelay         Nagle's algorithm off on accepted sockets (default true), so a small SSE event leaves
 *                           at once instead of waiting for the client's delayed ACK
 * @param maxConcurrentStreams ceiling on chat requests in flight (streamed or not); beyond it the gateway answers
 *                           at once with an overload error (default {@link StreamCeiling#defaultCeiling()})
 * @param maxStreamHeap      heap the chat requests in flight may hold together by {@link StreamCeiling#heapCost}
 *                           (a fixed cost plus a share per body byte); beyond it, the same overload error (default
 *                           {@link StreamCeiling#defaultHeapBudget()}: 70 % of the max heap less 48 MB)
 * @param allowedHosts       {@code Host} names accepted besides the loopback names (exact names or
 *                           {@code *.suffix}); checked while no client key exists, and always once this is set
 * @param headerTimeout      longest time from a request line to the end of its headers (default 30 s)
 * @param bodyTimeout        longest time to receive a request body once the headers are in (default 120 s)
 * @param idleTimeout        a connection without a request in progress, or whose request line never completes,
 *                           is closed after this (default 5 min)
 */
public record ServerSettings(String host, int port, long maxRequestBytes, Duration shutdownGrace,
                             Duration heartbeatInterval, List<String> corsAllowedOrigins, boolean tcpNoDelay,
                             int maxConcurrentStreams, long maxStreamHeap, List<String> allowedHosts, Duration headerTimeout,
                             Duration bodyTimeout, Duration idleTimeout) {
    static final Set<String> KEYS = Set.of("host", "port", "max-request-bytes", "shutdown-grace",
            "heartbeat-interval", "cors", "tcp-no-delay", "max-concurrent-streams", "max-stream-heap", "allowed-hosts", "header-timeout",
            "body-timeout", "idle-timeout");

    static ServerSettings read(PluginConfig c) throws ConfigException {
        int port = c.integer("port", 8080);
        if (port < 0 || port > 65535) {
            throw c.problem("port", "must be between 0 and 65535, got " + port);
        }
        long maxBytes = c.longValue("max-request-bytes").orElse(32L * 1024 * 1024);
        if (maxBytes < 1024) {
            throw c.problem("max-request-bytes", "must be at least 1024");
        }
        List<String> origins = List.of();
        var cors = c.child("cors");
        if (cors.isPresent()) {
            origins = cors.get().strings("allowed-origins");
        }
        int maxStreams = c.integer("max-concurrent-streams", StreamCeiling.defaultCeiling());
        if (maxStreams < 1) {
            throw c.problem("max-concurrent-streams", "must be at least 1");
        }
        long maxStreamHeap = c.longValue("max-stream-heap").orElse(StreamCeiling.defaultHeapBudget());
        if (maxStreamHeap < 1024 * 1024) {
            throw c.problem("max-stream-heap", "must be at least 1048576 (1 MiB), in bytes");
        }
        List<String> hosts = c.strings("allowed-hosts");
        for (int i = 0; i < hosts.size(); i++) {
            if (!HostPattern.valid(hosts.get(i))) {
                throw c.problem("allowed-hosts[" + i + "]", "must be a host name or '*.domain' without scheme, port"
                        + " or path, got '" + hosts.get(i) + "'");
            }
        }
        return new ServerSettings(c.string("host", "127.0.0.1"), port, maxBytes,
                c.duration("shutdown-grace", ChronoUnit.SECONDS).orElse(Duration.ofSeconds(30)),
                c.duration("heartbeat-interval", ChronoUnit.SECONDS).orElse(Duration.ofSeconds(15)),
                origins, c.bool("tcp-no-delay", true), maxStreams, maxStreamHeap, hosts,
                positive(c, "header-timeout", Duration.ofSeconds(30)),
                positive(c, "body-timeout", Duration.ofSeconds(120)),
                positive(c, "idle-timeout", Duration.ofMinutes(5)));
    }

    private static Duration positive(PluginConfig c, String key, Duration def) throws ConfigException {
        Duration d = c.duration(key, ChronoUnit.SECONDS).orElse(def);
        if (d.isNegative() || d.isZero()) {
            throw c.problem(key, "must be a positive duration");
        }
        return d;
    }

    public ServerSettings withPort(int p) {
        return new ServerSettings(host, p, maxRequestBytes, shutdownGrace, heartbeatInterval, corsAllowedOrigins,
                tcpNoDelay, maxConcurrentStreams, maxStreamHeap, allowedHosts, headerTimeout, bodyTimeout, idleTimeout);
    }
}
