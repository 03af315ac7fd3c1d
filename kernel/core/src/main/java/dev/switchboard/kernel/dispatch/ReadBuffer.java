package dev.switchboard.kernel.dispatch;

import java.io.IOException;
import java.io.InputStream;

/**
 * The buffer a stream reads its upstream body into: small while the upstream sends small bursts, doubled (up to
 * {@value #MAX} bytes) after a read filled it. Two costs decide its size. It lives as long as the stream, and
 * thousands of streams may be open at once; and the upstream body (Helidon's entity stream) allocates a buffer as
 * large as each read it serves and keeps it until the next read, so the read size is also what every read
 * allocates. SSE events are a few hundred bytes: most streams never grow, while a burst (a long tool call, a fast
 * upstream) takes fewer reads once the buffer has grown. One per stream; not thread-safe.
 */
final class ReadBuffer {
    static final int INITIAL = 512;
    static final int MAX = 8 * 1024;

    private byte[] bytes = new byte[INITIAL];
    private boolean full;

    /**
     * Reads what arrived into {@link #bytes()} (blocking until at least one byte or the end); the bytes of the
     * previous read are overwritten or, when it filled the buffer, left behind for a larger one.
     *
     * @return bytes read, or -1 at the end of the body
     */
    int read(InputStream in) throws IOException {
        if (full && bytes.length < MAX) {
            bytes = new byte[bytes.length * 2];
        }
        int n = in.read(bytes, 0, bytes.length);
        full = n == bytes.length;
        return n;
    }

    /** The bytes of the last read. */
    byte[] bytes() {
        return bytes;
    }

    int capacity() {
        return bytes.length;
    }
}
