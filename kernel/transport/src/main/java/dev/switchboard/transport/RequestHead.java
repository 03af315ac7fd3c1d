package dev.switchboard.transport;

import dev.switchboard.spi.HttpHeaders;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * The bytes of an HTTP/1.1 request's head: the request line in origin form (the plugin's raw path and query,
 * byte for byte, also through a proxy tunnel), {@code Host}, the plugin's headers and the framing the transport
 * chooses. Framing headers a plugin set are dropped: the transport alone knows how it sends the body. Header
 * names and values were checked by the transport before (no CR, LF or NUL). Stateless.
 */
final class RequestHead {
    /** How the body is framed. */
    enum Framing {
        /** No body and no length: GET, HEAD, DELETE and the like. */
        NONE,
        /** {@code Content-Length}. */
        LENGTH,
        /** {@code Transfer-Encoding: chunked}, one chunk per read of the source. */
        CHUNKED
    }

    /** Framing is the transport's business: it sets Content-Length or chunked itself. */
    private static final Set<String> FRAMING_HEADERS = Set.of("content-length", "transfer-encoding", "connection",
            "keep-alive", "proxy-connection", "upgrade", "expect", "te");
    /** Methods whose requests carry a body by meaning: without one they still say {@code Content-Length: 0}. */
    private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");

    private RequestHead() {
    }

    /**
     * The head, ending with its blank line.
     *
     * @param method        the method, upper case
     * @param requestTarget the raw path and query ({@link #requestTarget})
     * @param contentLength the body's length for {@link Framing#LENGTH}
     */
    static byte[] encode(String method, String requestTarget, URI uri, HttpHeaders headers, Framing framing,
                         long contentLength) {
        StringBuilder b = new StringBuilder(256);
        b.append(method).append(' ').append(requestTarget).append(" HTTP/1.1\r\n");
        if (!headers.contains("host")) {
            b.append("Host: ").append(hostHeader(uri)).append("\r\n");
        }
        headers.forEach((name, value) -> {
            if (!FRAMING_HEADERS.contains(name)) {
                b.append(name).append(": ").append(value).append("\r\n");
            }
        });
        switch (framing) {
            case LENGTH -> b.append("Content-Length: ").append(contentLength).append("\r\n");
            case CHUNKED -> b.append("Transfer-Encoding: chunked\r\n");
            case NONE -> {
                if (BODY_METHODS.contains(method)) {
                    b.append("Content-Length: 0\r\n");
                }
            }
        }
        b.append("\r\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The raw path (or {@code /}) and raw query, exactly as the plugin built them. */
    static String requestTarget(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    /** {@code host[:port]}, the port only when it is not the scheme's default. */
    static String hostHeader(URI uri) {
        String host = uri.getHost();
        int port = uri.getPort();
        boolean https = "https".equals(uri.getScheme().toLowerCase(Locale.ROOT));
        boolean defaultPort = port < 0 || (https ? port == 443 : port == 80);
        return defaultPort ? host : host + ":" + port;
    }

    /** One chunk of a chunked body: size in hex, the bytes, CRLF. */
    static byte[] chunk(byte[] data, int length) {
        byte[] size = (Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream(size.length + length + 2);
        out.writeBytes(size);
        out.write(data, 0, length);
        out.write('\r');
        out.write('\n');
        return out.toByteArray();
    }

    /** The last chunk of a chunked body, without trailers. */
    static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
}
