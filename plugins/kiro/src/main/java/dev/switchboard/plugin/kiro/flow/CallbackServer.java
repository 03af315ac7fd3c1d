package dev.switchboard.plugin.kiro.flow;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The loopback listener of the social PKCE flow: the JDK's HTTP server on the first
 * free port of {@code callback-ports} (0 = any free port, for tests), answering {@code GET
 * /oauth/callback} and 404 elsewhere. It serves one flow and is stopped when that flow ends or is purged (the
 * reference proxy never stopped its listener). Thread-safe.
 */
final class CallbackServer implements AutoCloseable {
    static final String PATH = "/oauth/callback";

    /** What the listener answers. */
    record Page(int status, String html) {
    }

    /** Handles one callback's query parameters. */
    @FunctionalInterface
    interface Handler {
        Page handle(Map<String, String> query);
    }

    private final HttpServer server;
    private final ExecutorService executor;

    private CallbackServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds the first free port of {@code [from, to]} on the loopback address.
     *
     * @throws GatewayException {@link ErrorKind#INTERNAL} when every port is taken
     */
    static CallbackServer start(int from, int to, Handler handler, Logger log) throws GatewayException {
        for (int port = from; port <= to; port++) {
            HttpServer server;
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            } catch (BindException e) {
                int taken = port;
                log.fine(() -> "callback port " + taken + " is taken");
                continue;
            } catch (IOException e) {
                throw new GatewayException(ErrorKind.INTERNAL, "cannot open the OAuth callback listener: "
                        + e.getMessage(), e);
            }
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            server.setExecutor(executor);
            server.createContext("/", exchange -> serve(exchange, handler, log));
            server.start();
            return new CallbackServer(server, executor);
        }
        throw new GatewayException(ErrorKind.INTERNAL, "no free port for the OAuth callback listener in "
                + from + "-" + to + " (callback-ports)");
    }

    private static void serve(HttpExchange exchange, Handler handler, Logger log) throws IOException {
        try (exchange) {
            Page page;
            if (!PATH.equals(exchange.getRequestURI().getPath()) || !"GET".equals(exchange.getRequestMethod())) {
                page = new Page(404, html("Not found", "This listener only serves " + PATH + "."));
            } else {
                try {
                    page = handler.handle(query(exchange.getRequestURI().getRawQuery()));
                } catch (RuntimeException e) {
                    log.log(Level.WARNING, "the OAuth callback failed", e);
                    page = new Page(500, html("Sign-in failed", "The gateway could not finish the sign-in."));
                }
            }
            byte[] body = page.html().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(page.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Decodes a raw query string ({@code a=1&b=x%20y}); later duplicates are ignored. */
    static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(k, v);
        }
        return out;
    }

    /** A minimal page; {@code text} is escaped. */
    static String html(String title, String text) {
        return "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + escape(title) + "</title></head><body>"
                + "<h1>" + escape(title) + "</h1><p>" + escape(text) + "</p></body></html>";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    int port() {
        return server.getAddress().getPort();
    }

    /**
     * Stops listening. The flow often ends inside this server's own handler (the callback that completed it), so
     * the stop runs on its own thread and gives that exchange up to a second to send its page.
     */
    @Override
    public void close() {
        Thread.ofVirtual().name("kiro-callback-stop-" + port()).start(() -> {
            server.stop(1);
            executor.shutdown();
        });
    }
}
