package dev.switchboard.transport;

import dev.switchboard.spi.HttpHeaders;
import io.helidon.common.buffers.DataReader;
import java.util.Locale;

/**
 * The status line and headers of an HTTP/1.1 (or 1.0) response, read from the connection, and the body framing
 * they mean. Interim answers (1xx other than 101) are skipped. Bounded: a line of at most {@value #MAX_LINE}
 * bytes, a head of at most {@value #MAX_HEAD}; beyond that, or for anything that is not HTTP, a
 * {@link MalformedResponse} (whose message never quotes the upstream's bytes). An end of stream before the
 * first byte surfaces as Helidon's {@link DataReader.InsufficientDataAvailableException}, which the transport
 * reads as a connection the upstream had closed.
 *
 * @param status     the final status code
 * @param headers    every header, names lower-case, repeated ones in order
 * @param bodyLength the body's length: {@code >= 0} fixed, {@link #CHUNKED}, or {@link #UNTIL_CLOSE}
 * @param keepAlive  whether the connection may carry another request once the body was read
 */
record ResponseHead(int status, HttpHeaders headers, long bodyLength, boolean keepAlive) {
    static final long CHUNKED = -1;
    static final long UNTIL_CLOSE = -2;
    static final int MAX_LINE = 16 * 1024;
    static final int MAX_HEAD = 64 * 1024;
    private static final int MAX_INTERIM = 16;

    /** A response that is not HTTP/1.x or breaks its framing rules; the connection is then unusable. */
    static final class MalformedResponse extends RuntimeException {
        MalformedResponse(String reason) {
            super(reason, null, false, false);
        }
    }

    /** Reads the head of the answer to a request with {@code method}. */
    static ResponseHead read(DataReader reader, String method) {
        for (int interim = 0; interim <= MAX_INTERIM; interim++) {
            Http1Lines lines = new Http1Lines(reader, MAX_LINE, MAX_HEAD, "response head");
            String statusLine = lines.next();
            boolean http10 = statusLine.startsWith("HTTP/1.0 ");
            if (!(http10 || statusLine.startsWith("HTTP/1.1 ")) || statusLine.length() < 12
                    || (statusLine.length() > 12 && statusLine.charAt(12) != ' ')) {
                throw new MalformedResponse("not an HTTP/1.1 status line");
            }
            int status = status(statusLine);
            HttpHeaders headers = HttpHeaders.create();
            for (String line = lines.next(); !line.isEmpty(); line = lines.next()) {
                header(line, headers);
            }
            if (status < 200 && status != 101) {
                continue; // 100 Continue, 102, 103 Early Hints: the answer follows
            }
            return new ResponseHead(status, headers, bodyLength(status, headers, method), keepAlive(http10, headers));
        }
        throw new MalformedResponse("more than " + MAX_INTERIM + " interim responses");
    }

    private static int status(String line) {
        int code = 0;
        for (int i = 9; i < 12; i++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') {
                throw new MalformedResponse("bad status code");
            }
            code = code * 10 + (c - '0');
        }
        if (code < 100) {
            throw new MalformedResponse("bad status code");
        }
        return code;
    }

    private static void header(String line, HttpHeaders headers) {
        char first = line.charAt(0);
        if (first == ' ' || first == '\t') {
            throw new MalformedResponse("folded header line"); // obsolete line folding: refused, as by RFC 9112
        }
        int colon = line.indexOf(':');
        if (colon <= 0) {
            throw new MalformedResponse("header line without a name");
        }
        for (int i = 0; i < colon; i++) {
            char c = line.charAt(i);
            if (c <= ' ' || c >= 127 || "()<>@,;\\\"/[]?={}".indexOf(c) >= 0) {
                throw new MalformedResponse("bad header name");
            }
        }
        headers.add(line.substring(0, colon), line.substring(colon + 1).strip());
    }

    /** The framing rules of RFC 9112 section 6.3, in their order. */
    private static long bodyLength(int status, HttpHeaders headers, String method) {
        if ("HEAD".equals(method) || status < 200 || status == 204 || status == 304) {
            return 0;
        }
        for (String te : headers.all("transfer-encoding")) {
            if (te.toLowerCase(Locale.ROOT).contains("chunked")) {
                return CHUNKED;
            }
        }
        if (!headers.all("transfer-encoding").isEmpty()) {
            return UNTIL_CLOSE;
        }
        long length = -1;
        for (String value : headers.all("content-length")) {
            for (String part : value.split(",")) {
                long n = contentLength(part.strip());
                if (length >= 0 && n != length) {
                    throw new MalformedResponse("conflicting Content-Length values");
                }
                length = n;
            }
        }
        return length >= 0 ? length : UNTIL_CLOSE;
    }

    private static long contentLength(String s) {
        if (s.isEmpty() || s.length() > 18) {
            throw new MalformedResponse("bad Content-Length");
        }
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new MalformedResponse("bad Content-Length");
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private static boolean keepAlive(boolean http10, HttpHeaders headers) {
        boolean close = false;
        boolean keep = false;
        for (String value : headers.all("connection")) {
            for (String token : value.split(",")) {
                String t = token.strip().toLowerCase(Locale.ROOT);
                close |= t.equals("close");
                keep |= t.equals("keep-alive");
            }
        }
        return !close && (!http10 || keep);
    }
}
