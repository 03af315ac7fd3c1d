package dev.switchboard.kernel.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * Hand-written HTTP/1.1 exchanges over a plain socket, for what {@code java.net.http} refuses to send (a forged
 * {@code Host}, no {@code Content-Type}, a body shorter than its {@code Content-Length}, headers sent slowly).
 * Every read has a generous timeout so a test can never hang.
 */
final class RawHttp implements AutoCloseable {
    static final int READ_TIMEOUT_MS = 20_000;

    final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    RawHttp(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(READ_TIMEOUT_MS);
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    /** Sends a whole request with {@code Connection: close} and returns the raw response. */
    static Response exchange(int port, String method, String path, String host, String contentType, String body)
            throws IOException {
        try (RawHttp c = new RawHttp(port)) {
            byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            StringBuilder sb = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n");
            if (host != null) {
                sb.append("Host: ").append(host).append("\r\n");
            }
            if (contentType != null) {
                sb.append("Content-Type: ").append(contentType).append("\r\n");
            }
            sb.append("Content-Length: ").append(b.length).append("\r\nConnection: close\r\n\r\n");
            c.send(sb.toString());
            c.out.write(b);
            c.out.flush();
            return c.readResponse();
        }
    }

    /** One response: the head, then a body of its Content-Length (or chunked, or until the server closes). */
    Response readResponse() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed in the response head: " + head);
            }
            head.write(c);
            state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3)) ? state + 1
                    : c == '\r' ? 1 : 0;
        }
        Response r = Response.parse(head.toString(StandardCharsets.US_ASCII));
        String length = r.header("content-length");
        byte[] body;
        if (length != null) {
            body = in.readNBytes(Integer.parseInt(length));
        } else if ("chunked".equalsIgnoreCase(r.header("transfer-encoding"))) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            while (true) {
                String size = readLine().trim();
                int n = Integer.parseInt(size, 16);
                if (n == 0) {
                    readLine();
                    break;
                }
                buf.write(in.readNBytes(n));
                readLine();
            }
            body = buf.toByteArray();
        } else {
            body = readToEnd().getBytes(StandardCharsets.UTF_8);
        }
        return new Response(r.status(), r.head(), new String(body, StandardCharsets.UTF_8));
    }

    private String readLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            sb.append((char) c);
        }
        return sb.toString();
    }

    void send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Everything until the server closes the connection. */
    String readToEnd() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] b = new byte[8192];
        int n;
        while ((n = in.read(b)) >= 0) {
            buf.write(b, 0, n);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    /**
     * True when the server closes the connection (EOF or reset) before {@code READ_TIMEOUT_MS}; bytes it sends
     * before closing are ignored.
     */
    boolean closedByServer() throws IOException {
        byte[] b = new byte[8192];
        try {
            while (in.read(b) >= 0) {
                // keep reading until the end
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    record Response(int status, String head, String body) {
        static Response parse(String raw) {
            int end = raw.indexOf("\r\n\r\n");
            String head = end < 0 ? raw : raw.substring(0, end);
            String body = end < 0 ? "" : raw.substring(end + 4);
            int status = Integer.parseInt(head.substring(9, 12));
            return new Response(status, head, body);
        }

        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }
}
