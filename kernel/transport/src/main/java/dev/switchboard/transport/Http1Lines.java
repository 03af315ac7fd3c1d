package dev.switchboard.transport;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The lines of HTTP/1.1 framing read from a connection — a response's status line and headers, a chunk's size line,
 * the CRLF after its data, trailers: ending in CRLF or a bare LF, decoded as ISO-8859-1 (what header bytes are).
 * A line whose end is already buffered (the usual case) is found on a view of the buffer and taken in one piece;
 * otherwise it is read byte by byte as it arrives. Bounded per line and in total; beyond either, or at the end of
 * the stream, the caller gets a {@link ResponseHead.MalformedResponse} or Helidon's
 * {@link DataReader.InsufficientDataAvailableException}. One reading thread; not thread-safe.
 */
final class Http1Lines {
    private final DataReader reader;
    private final int maxLine;
    private final long maxTotal;
    private final String what;
    private long total;
    private byte[] line = new byte[64];

    /** {@code what} names the framing in messages ("response head", "chunk framing"). */
    Http1Lines(DataReader reader, int maxLine, long maxTotal, String what) {
        this.reader = reader;
        this.maxLine = maxLine;
        this.maxTotal = maxTotal;
        this.what = what;
    }

    /** The next line, without its line ending. */
    String next() {
        String whole = buffered();
        if (whole != null) {
            return whole;
        }
        int n = 0;
        while (true) {
            byte b = reader.read();
            count(1);
            if (b == '\n') {
                int end = n > 0 && line[n - 1] == '\r' ? n - 1 : n;
                return new String(line, 0, end, StandardCharsets.ISO_8859_1);
            }
            if (n == maxLine) {
                throw tooLong();
            }
            if (n == line.length) {
                line = Arrays.copyOf(line, Math.min(maxLine, n * 2));
            }
            line[n++] = b;
        }
    }

    /** The next line when all of it is already buffered, taken in one piece; else null (nothing consumed). */
    private String buffered() {
        int available = reader.available();
        if (available == 0) {
            return null;
        }
        // A view of at most one longest line and its LF: nothing is consumed; a longer line is read byte by byte,
        // which refuses it at its bound.
        BufferData peek = reader.getBuffer(Math.min(available, maxLine + 1));
        for (int i = 0, n = peek.available(); i < n; i++) {
            if (peek.get(i) == '\n') {
                count(i + 1);
                byte[] bytes = reader.readBytes(i + 1);
                int end = i > 0 && bytes[i - 1] == '\r' ? i - 1 : i;
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    private void count(int bytes) {
        total += bytes;
        if (total > maxTotal) {
            throw new ResponseHead.MalformedResponse(what + " larger than " + maxTotal + " bytes");
        }
    }

    private ResponseHead.MalformedResponse tooLong() {
        return new ResponseHead.MalformedResponse(what + " line longer than " + maxLine + " bytes");
    }
}
