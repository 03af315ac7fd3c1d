package dev.switchboard.bench.load;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Just enough HTTP/1.1 framing for the benchmark processes: request and response heads, bodies by
 * {@code content-length} or chunked encoding. Buffered, one per connection, one thread.
 */
final class HttpReader {
    private final InputStream in;
    private final byte[] buf = new byte[16 * 1024];
    private int pos;
    private int limit;

    HttpReader(InputStream in) {
        this.in = in;
    }

    record Request(String method, String path, byte[] body) {
        boolean bodyContains(String s) {
            return new String(body, StandardCharsets.UTF_8).replace(" ", "").contains(s);
        }
    }

    /**
     * A response: status, the nanoTime at which its first body byte was read (or of the head when it has no
     * body), the body.
     */
    record Response(int status, long firstBodyByteNanos, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** The next request on the connection, or null when the peer closed it between requests. */
    Request readRequest() throws IOException {
        String line = readLine(true);
        if (line == null) {
            return null;
        }
        String[] parts = line.split(" ");
        Head h = readHeaders();
        byte[] body = h.chunked ? readChunked(null) : readFixed(h.contentLength < 0 ? 0 : h.contentLength);
        return new Request(parts[0], parts.length > 1 ? parts[1] : "/", body);
    }

    Response readResponse() throws IOException {
        String line = readLine(false);
        int status = Integer.parseInt(line.substring(9, 12));
        Head h = readHeaders();
        long[] first = {0};
        byte[] body;
        if (h.chunked) {
            body = readChunked(first);
        } else {
            fill();
            first[0] = System.nanoTime();
            body = readFixed(h.contentLength < 0 ? 0 : h.contentLength);
        }
        return new Response(status, first[0] == 0 ? System.nanoTime() : first[0], body);
    }

    private record Head(long contentLength, boolean chunked) {
    }

    private Head readHeaders() throws IOException {
        long length = -1;
        boolean chunked = false;
        String line;
        while (!(line = readLine(false)).isEmpty()) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (name.equals("content-length")) {
                length = Long.parseLong(value);
            } else if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                chunked = true;
            }
        }
        return new Head(length, chunked);
    }

    private byte[] readChunked(long[] firstByte) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String size = readLine(false);
            int semi = size.indexOf(';');
            int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
            if (n == 0) {
                while (!readLine(false).isEmpty()) {
                    // trailers
                }
                return out.toByteArray();
            }
            if (firstByte != null && firstByte[0] == 0) {
                firstByte[0] = System.nanoTime();
            }
            out.write(readFixed(n));
            readLine(false);
        }
    }

    private byte[] readFixed(long n) throws IOException {
        byte[] out = new byte[(int) n];
        int off = 0;
        while (off < n) {
            if (pos == limit && !fill()) {
                throw new EOFException("connection closed in a body");
            }
            int take = (int) Math.min(n - off, limit - pos);
            System.arraycopy(buf, pos, out, off, take);
            pos += take;
            off += take;
        }
        return out;
    }

    private String readLine(boolean eofAllowed) throws IOException {
        StringBuilder sb = new StringBuilder(64);
        while (true) {
            if (pos == limit && !fill()) {
                if (eofAllowed && sb.isEmpty()) {
                    return null;
                }
                throw new EOFException("connection closed");
            }
            byte b = buf[pos++];
            if (b == '\n') {
                int len = sb.length();
                return len > 0 && sb.charAt(len - 1) == '\r' ? sb.substring(0, len - 1) : sb.toString();
            }
            sb.append((char) (b & 0xff));
        }
    }

    private boolean fill() throws IOException {
        if (pos < limit) {
            return true;
        }
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }
}
