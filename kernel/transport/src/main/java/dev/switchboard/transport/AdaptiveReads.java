package dev.switchboard.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Reads a socket's input for a {@link io.helidon.common.buffers.DataReader}, one array per read, sized to what
 * the peer sends. Helidon's sockets read into a fixed 8 KB array that every connection keeps for its life; an
 * upstream that streams a few hundred bytes every half second then holds 8 KB idle per open stream, which is
 * most of a gateway's heap at thousands of streams. Here the array of a read that is waiting is only as large
 * as recent reads needed: it doubles after a read that filled it (up to {@value #MAX}) and halves after one
 * that used less than a quarter of it (down to {@value #MIN}). A reader that knows bytes have arrived
 * ({@link #arrived()}) sizes the next read to take them all at once ({@link #expect(int)}).
 *
 * <p>Semantics as Helidon's: {@code null} at the end of the stream, {@link UncheckedIOException} for I/O
 * errors. One reading thread; not thread-safe.
 */
final class AdaptiveReads implements Supplier<byte[]> {
    static final int MIN = 512;
    static final int MAX = 16 * 1024;
    static final int FIRST = 2 * 1024;

    private final InputStream in;
    private int size = FIRST;
    /** The size the next read takes because that many bytes are known to be waiting, or 0. */
    private int expected;
    private volatile boolean ended;

    AdaptiveReads(InputStream in) {
        this.in = in;
    }

    @Override
    public byte[] get() {
        int length = Math.max(size, expected);
        boolean known = expected > 0;
        expected = 0;
        byte[] buffer = new byte[length];
        int n;
        try {
            n = in.read(buffer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (n < 0) {
            ended = true;
            return null;
        }
        if (n == 0) {
            throw new IllegalStateException("a blocking socket read returned 0 bytes");
        }
        if (n == length) {
            if (!known) {
                size = Math.min(MAX, size * 2);
            }
            return buffer;
        }
        if (!known && n < size / 4) {
            size = Math.max(MIN, size / 2);
        }
        return Arrays.copyOf(buffer, n);
    }

    /**
     * Bytes the socket has received that no read took yet (0 when none, or when the socket cannot tell). A system
     * call: for a reader about to pass on what it has, not for every read.
     */
    int arrived() {
        try {
            return ended ? 0 : in.available();
        } catch (IOException e) {
            return 0; // closed or broken: the next read reports it
        }
    }

    /** The next read takes {@code n} bytes (at most {@value #MAX}) if they are there: they are known to be waiting. */
    void expect(int n) {
        expected = Math.min(MAX, Math.max(0, n));
    }

    /** True once a read met the end of the stream. */
    boolean ended() {
        return ended;
    }

    /** The size of the next read's array (for tests). */
    int nextSize() {
        return size;
    }
}
