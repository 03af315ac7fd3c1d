package dev.switchboard.transport;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.IntSupplier;

/**
 * A response body as its head frames it: a fixed length, chunks, or everything until the upstream closes the
 * connection. {@code read} returns what the connection has already buffered (up to the frame's end) and waits for
 * the network only when nothing is; so an SSE event leaves for the client as soon as its bytes arrived. Chunk
 * extensions and trailers are read and dropped. When the body's last byte was read, {@code onEnd} runs once (the
 * transport then returns the connection to its pool).
 *
 * <p>Failures: an end of stream inside a framed body is Helidon's
 * {@link DataReader.InsufficientDataAvailableException} (as for a close-delimited body's regular end, which
 * {@link UpstreamBodyStream} tells apart); malformed chunking is an {@link IOException}; socket errors are
 * Helidon's {@code UncheckedIOException}s. One reading thread; not thread-safe.
 */
final class ResponseBody extends InputStream {
    private static final int MAX_CHUNK_LINE = 4096;

    private final DataReader reader;
    /** What can be read without waiting: the reader's buffer, or also what the socket already received. */
    private final IntSupplier arrived;
    /** Chunk sizes, the CRLF after each chunk's data, trailers; a long stream has as many as it has chunks. */
    private final Http1Lines framing;
    private final Runnable onEnd;
    private final boolean chunked;
    /** Bytes left in the body (fixed length) or in the current chunk; -1: until the connection closes. */
    private long remaining;
    /** A chunk's data was read to its end; its CRLF is read with the next read, not waited for now. */
    private boolean chunkDone;
    private boolean ended;
    /** Framing that {@link #available()} found broken, reported by the next read. */
    private IOException broken;

    /** A body on a reader alone: only its buffered bytes count as arrived (tests). */
    ResponseBody(DataReader reader, long bodyLength, Runnable onEnd) {
        this(reader, reader::available, bodyLength, onEnd);
    }

    /**
     * @param arrived bytes readable now without waiting, pulled into {@code reader} ({@link Wire#available()})
     */
    ResponseBody(DataReader reader, IntSupplier arrived, long bodyLength, Runnable onEnd) {
        this.reader = reader;
        this.arrived = arrived;
        this.framing = new Http1Lines(reader, MAX_CHUNK_LINE, Long.MAX_VALUE, "chunk framing");
        this.onEnd = onEnd;
        this.chunked = bodyLength == ResponseHead.CHUNKED;
        this.remaining = chunked ? 0 : bodyLength == ResponseHead.UNTIL_CLOSE ? -1 : bodyLength;
        if (bodyLength == 0) {
            end();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (broken != null) {
            throw broken;
        }
        if (ended) {
            return -1;
        }
        if (chunked && remaining == 0) {
            if (chunkDone) {
                crlf();
                chunkDone = false;
            }
            if (!nextChunk()) {
                return -1;
            }
        }
        reader.ensureAvailable();
        int n = Math.min(len, reader.available());
        if (remaining >= 0) {
            n = (int) Math.min(n, remaining);
        }
        BufferData data = reader.readBuffer(n);
        data.read(b, off, n);
        if (remaining > 0) {
            remaining -= n;
            if (remaining == 0 && !chunked) {
                end();
            } else if (remaining == 0) {
                chunkDone = true; // its CRLF may still be on the way: the data leaves now
            }
        }
        return n;
    }

    /** Reads the next chunk's size line; false (after the trailers) at the last chunk. */
    private boolean nextChunk() throws IOException {
        String line = line();
        int semicolon = line.indexOf(';');
        String size = (semicolon < 0 ? line : line.substring(0, semicolon)).strip();
        if (size.isEmpty() || size.length() > 15) {
            throw new IOException("malformed chunk size in the upstream's response");
        }
        long n = 0;
        for (int i = 0; i < size.length(); i++) {
            int d = hexDigit(size.charAt(i));
            if (d < 0) {
                throw new IOException("malformed chunk size in the upstream's response");
            }
            n = n * 16 + d;
        }
        if (n > 0) {
            remaining = n;
            return true;
        }
        while (!line().isEmpty()) {
            // trailer fields: nothing the gateway uses
        }
        end();
        return false;
    }

    private void crlf() throws IOException {
        if (!line().isEmpty()) {
            throw new IOException("malformed chunk in the upstream's response (no CRLF after its data)");
        }
    }

    /** A framing line (chunk size, CRLF, trailer); a bound broken is an I/O error of the body, as any bad framing. */
    private String line() throws IOException {
        try {
            return framing.next();
        } catch (ResponseHead.MalformedResponse e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** An ASCII hex digit's value, else -1. */
    private static int hexDigit(int c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    private void end() {
        if (!ended) {
            ended = true;
            onEnd.run();
        }
    }

    /** True once the last byte of the body was read. */
    boolean ended() {
        return ended;
    }

    /**
     * Body bytes that can be read without waiting for the network: buffered data of the current frame; at a chunk
     * boundary the next chunk's framing is taken first when all of it is buffered (so the rest of a burst counts,
     * and a chunk's trailing CRLF alone does not). Never blocks.
     */
    @Override
    public int available() throws IOException {
        if (ended) {
            return 0;
        }
        int buffered = arrived.getAsInt();
        if (buffered == 0) {
            return 0;
        }
        if (!chunked || remaining > 0) {
            return remaining < 0 ? buffered : (int) Math.min(buffered, remaining);
        }
        if (!framingBuffered(buffered)) {
            return 0;
        }
        try {
            if (chunkDone) {
                crlf();
                chunkDone = false;
            }
            if (!nextChunk()) {
                return 0;
            }
        } catch (IOException e) {
            broken = e;
            throw e;
        }
        return (int) Math.min(reader.available(), remaining);
    }

    /**
     * Whether the buffered bytes hold the whole framing before the next chunk's data (the CRLF ending the last
     * chunk, the next size line; for the last chunk also the blank line that ends a body without trailers).
     */
    private boolean framingBuffered(int buffered) {
        BufferData peek = reader.getBuffer(Math.min(buffered, 64)); // a view: nothing is consumed
        int n = peek.available();
        int i = 0;
        if (chunkDone) {
            i = afterLineEnd(peek, n, 0);
            if (i < 0) {
                return false;
            }
        }
        int sizeEnd = afterLineEnd(peek, n, i);
        if (sizeEnd < 0) {
            return false;
        }
        long size = 0;
        for (int k = i; k < sizeEnd; k++) {
            int d = hexDigit(peek.get(k));
            if (d < 0) {
                break; // the size's end: an extension, CRLF, or a malformed line nextChunk reports
            }
            size = size * 16 + d;
            if (size > Integer.MAX_VALUE) {
                return true; // nextChunk refuses it without reading on
            }
        }
        if (size > 0 || peek.get(i) < '0' || peek.get(i) > 'f') {
            return true; // data follows (or a malformed size line, whose error nextChunk raises without waiting)
        }
        // The last chunk: the body ends with a blank line; trailers are left to read(), which may wait for them.
        return sizeEnd < n && (peek.get(sizeEnd) == '\n'
                || (peek.get(sizeEnd) == '\r' && sizeEnd + 1 < n && peek.get(sizeEnd + 1) == '\n'));
    }

    /** The index after the LF that ends the line starting at {@code from}, or -1 if it is not in the view. */
    private static int afterLineEnd(BufferData peek, int n, int from) {
        for (int i = from; i < n; i++) {
            if (peek.get(i) == '\n') {
                return i + 1;
            }
        }
        return -1;
    }
}
