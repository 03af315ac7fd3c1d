package dev.switchboard.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal HTTP CONNECT proxy for tests: raw sockets and virtual threads, optional Basic authentication,
 * and counters for what it saw. Only CONNECT is served (Helidon tunnels plain-http targets too).
 */
final class ConnectProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final String expectedCredentials; // "user:password", or null for no authentication
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    /** Tunnels established. */
    final AtomicInteger tunnels = new AtomicInteger();
    /** CONNECT requests refused for missing or wrong credentials. */
    final AtomicInteger rejected = new AtomicInteger();
    /** The CONNECT request lines received. */
    final List<String> connectLines = new CopyOnWriteArrayList<>();
    /** Decoded Proxy-Authorization credentials received. */
    final List<String> credentialsSeen = new CopyOnWriteArrayList<>();

    private ConnectProxy(String expectedCredentials) throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.expectedCredentials = expectedCredentials;
        Thread.ofVirtual().name("connect-proxy-accept").start(this::acceptLoop);
    }

    static ConnectProxy open() throws IOException {
        return new ConnectProxy(null);
    }

    static ConnectProxy withBasicAuth(String user, String password) throws IOException {
        return new ConnectProxy(user + ":" + password);
    }

    int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                open.add(client);
                Thread.ofVirtual().name("connect-proxy-conn").start(() -> serve(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            String head = RawServer.readHead(in);
            if (head == null) {
                return;
            }
            String[] lines = head.split("\r\n");
            String[] requestLine = lines[0].split(" ");
            if (!requestLine[0].equals("CONNECT")) {
                RawServer.write(out, "HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                return;
            }
            connectLines.add(lines[0]);
            String credentials = null;
            for (String line : lines) {
                if (line.toLowerCase(Locale.ROOT).startsWith("proxy-authorization: basic ")) {
                    credentials = new String(Base64.getDecoder().decode(line.substring(27).trim()),
                            StandardCharsets.UTF_8);
                    credentialsSeen.add(credentials);
                }
            }
            if (expectedCredentials != null && !expectedCredentials.equals(credentials)) {
                rejected.incrementAndGet();
                RawServer.write(out, "HTTP/1.1 407 Proxy Authentication Required\r\n"
                        + "Proxy-Authenticate: Basic realm=\"test\"\r\nContent-Length: 0\r\n\r\n");
                return;
            }
            String authority = requestLine[1];
            int colon = authority.lastIndexOf(':');
            Socket upstream;
            try {
                upstream = new Socket(authority.substring(0, colon), Integer.parseInt(authority.substring(colon + 1)));
            } catch (IOException e) {
                RawServer.write(out, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n");
                return;
            }
            open.add(upstream);
            try (upstream) {
                RawServer.write(out, "HTTP/1.1 200 Connection established\r\n\r\n");
                tunnels.incrementAndGet();
                Thread pump = Thread.ofVirtual().start(() -> copy(upstream, client));
                copy(client, upstream);
                pump.join();
            } finally {
                open.remove(upstream);
            }
        } catch (IOException | InterruptedException e) {
            // A test closing the proxy or a side hanging up ends the tunnel; nothing to report.
        } finally {
            open.remove(client);
        }
    }

    /** Copies until EOF, then half-closes the other side so that the close propagates. */
    private static void copy(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException e) {
            try {
                to.close();
                from.close();
            } catch (IOException ignored) {
                // both ends are going away
            }
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
