package dev.switchboard.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A socket-level fake upstream for the cases a real HTTP server will not produce: close-delimited bodies,
 * truncated bodies, servers that accept and never answer, plain TLS endpoints. Each accepted connection
 * is handled on its own virtual thread; {@link #close()} closes the listener and every open connection.
 */
final class RawServer implements AutoCloseable {
    /** Handles one accepted connection. */
    interface Handler {
        void handle(Socket socket, InputStream in, OutputStream out) throws Exception;
    }

    private final ServerSocket listener;
    private final Handler handler;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    final AtomicInteger accepted = new AtomicInteger();

    private RawServer(ServerSocket listener, Handler handler) {
        this.listener = listener;
        this.handler = handler;
        Thread.ofVirtual().name("raw-server-accept").start(this::acceptLoop);
    }

    static RawServer start(Handler handler) throws IOException {
        return new RawServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), handler);
    }

    static RawServer startTls(SSLContext context, Handler handler) throws IOException {
        return new RawServer(context.getServerSocketFactory().createServerSocket(0, 50,
                InetAddress.getLoopbackAddress()), handler);
    }

    int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket s;
            try {
                s = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            accepted.incrementAndGet();
            open.add(s);
            Thread.ofVirtual().name("raw-server-conn").start(() -> {
                try (s) {
                    handler.handle(s, s.getInputStream(), s.getOutputStream());
                } catch (Exception e) {
                    // The client side of a test decides what it expects; a broken connection here is normal.
                } finally {
                    open.remove(s);
                }
            });
        }
    }

    /** Reads a request head (up to and including the blank line); null when the peer closed first. */
    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3))
                    ? state + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
