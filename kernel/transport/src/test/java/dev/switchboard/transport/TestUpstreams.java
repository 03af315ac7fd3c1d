package dev.switchboard.transport;

import dev.switchboard.spi.HttpHeaders;
import dev.switchboard.spi.UpstreamRequest;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Shared helpers: Helidon fake upstreams on loopback port 0, and transports with test timeouts. */
final class TestUpstreams {
    private TestUpstreams() {
    }

    static WebServer start(Consumer<HttpRouting.Builder> routing) {
        return WebServer.builder().host("127.0.0.1").port(0).routing(routing).build().start();
    }

    static URI uri(WebServer server, String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
    }

    static URI uri(String scheme, int port, String pathAndQuery) {
        return URI.create(scheme + "://127.0.0.1:" + port + pathAndQuery);
    }

    /** Connect 5 s, read 10 s, total 30 s, no proxies, an empty environment. */
    static TransportSettings settings() {
        return new TransportSettings(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
                List.of(), false, Map.of(), null, null, null);
    }

    static UpstreamRequest get(URI uri) {
        return UpstreamRequest.get(uri, HttpHeaders.create());
    }
}
