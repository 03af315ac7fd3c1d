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
 * @param maxRequestBytes    request body limit; larger bodies get 413 (default 32 MiB, client-protocols §1.1)
 * @param shutdownGrace      how long in-flight requests may finish on shutdown (default 30 s)
 * @param heartbeatInterval  silence after which streams get a keep-alive (default 15 s, decision 17)
 * @param corsAllowedOrigins origins that get {@code Access-Control-Allow-Origin} (default none)
 * @param tcpNoDelay         Nagle's algorithm off on accepted sockets (default true), so a small SSE event leaves
 *                           at once instead of waiting for the client's delayed ACK
 * @param maxConcurrentStreams ceiling on chat requests in flight (streamed or not); beyond it the gateway answers
 *                           at once with an overload error (default {@link StreamCeiling#defaultCeiling()})
 */
public record ServerSettings(String host, int port, long maxRequestBytes, Duration shutdownGrace,
                             Duration heartbeatInterval, List<String> corsAllowedOrigins, boolean tcpNoDelay,
                             int maxConcurrentStreams) {
    static final Set<String> KEYS = Set.of("host", "port", "max-request-bytes", "shutdown-grace",
            "heartbeat-interval", "cors", "tcp-no-delay", "max-concurrent-streams");

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
        return new ServerSettings(c.string("host", "127.0.0.1"), port, maxBytes,
                c.duration("shutdown-grace", ChronoUnit.SECONDS).orElse(Duration.ofSeconds(30)),
                c.duration("heartbeat-interval", ChronoUnit.SECONDS).orElse(Duration.ofSeconds(15)),
                origins, c.bool("tcp-no-delay", true), maxStreams);
    }

    public ServerSettings withPort(int p) {
        return new ServerSettings(host, p, maxRequestBytes, shutdownGrace, heartbeatInterval, corsAllowedOrigins,
                tcpNoDelay, maxConcurrentStreams);
    }
}
