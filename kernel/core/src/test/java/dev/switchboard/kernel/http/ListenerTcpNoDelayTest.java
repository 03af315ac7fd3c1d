package dev.switchboard.kernel.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.kernel.config.ServerSettings;
import io.helidon.common.socket.HelidonSocket;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.WebServer;
import java.lang.reflect.Field;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Accepted client sockets have Nagle's algorithm off ({@code server.tcp-no-delay}, default true), read back
 * from the accepted socket inside a request handler of a listener configured by {@link ListenerOptions}, the
 * same code the gateway's listener is built with.
 */
class ListenerTcpNoDelayTest {

    @Test
    void acceptedSocketsHaveTcpNoDelayByDefault() throws Exception {
        assertEquals("true", noDelayOfAcceptedSocket(settings(true)));
    }

    @Test
    void tcpNoDelayFalseLeavesNagleOn() throws Exception {
        assertEquals("false", noDelayOfAcceptedSocket(settings(false)));
    }

    private static ServerSettings settings(boolean noDelay) {
        return new ServerSettings("127.0.0.1", 0, 1024 * 1024, Duration.ofSeconds(1), Duration.ofSeconds(15),
                List.of(), noDelay, 100, 64L << 20, List.of(), Duration.ofSeconds(30), Duration.ofSeconds(120),
                Duration.ofMinutes(5));
    }

    private static String noDelayOfAcceptedSocket(ServerSettings s) throws Exception {
        WebServer server = ListenerOptions.apply(WebServer.builder(), s)
                .routing(r -> r.get("/nodelay", (req, res) -> res.send(String.valueOf(socketOf(req).getTcpNoDelay()))))
                .build().start();
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/nodelay")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            return r.body();
        } finally {
            server.stop();
        }
    }

    /** Helidon keeps the accepted java.net.Socket private: find the connection context, then its socket. */
    private static Socket socketOf(Object request) throws Exception {
        for (Class<?> c = request.getClass(); c != null; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (ConnectionContext.class.isAssignableFrom(f.getType())) {
                    f.setAccessible(true);
                    HelidonSocket hs = ((ConnectionContext) f.get(request)).serverSocket();
                    for (Class<?> k = hs.getClass(); k != null; k = k.getSuperclass()) {
                        for (Field d : k.getDeclaredFields()) {
                            if (Socket.class.isAssignableFrom(d.getType())) {
                                d.setAccessible(true);
                                return (Socket) d.get(hs);
                            }
                        }
                    }
                }
            }
        }
        throw new AssertionError("no connection context in " + request.getClass());
    }
}
