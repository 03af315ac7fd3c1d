package dev.switchboard.kernel.dispatch;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * The client's response stream, written in bursts: bytes gather here and leave with {@link #flushNow()} in one
 * write (one HTTP chunk, one system call). The stream encoders flush after every event; the events decoded from
 * one upstream burst are all ready at the same moment, so sending them together delays none of them and saves a
 * write per event. {@link #flush()} therefore waits for {@link #flushNow()}.
 *
 * <p>The buffer exists only between a write and its flush: a stream that waits for its upstream holds none (the
 * server's own response buffer is off, see {@code ListenerOptions}), which matters with thousands of open
 * streams. Not thread-safe: {@link ClientStream} serialises its use.
 */
final class DeferredFlush extends OutputStream {
    private static final int INITIAL = 1024;
    private final OutputStream out;
    private byte[] buf;
    private int count;

    DeferredFlush(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(int b) {
        ensure(1);
        buf[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, count, len);
        count += len;
    }

    private void ensure(int more) {
        if (buf == null) {
            buf = new byte[Math.max(INITIAL, more)];
        } else if (count + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
        }
    }

    /** Held until {@link #flushNow()}. */
    @Override
    public void flush() {
    }

    /** Sends everything written so far, in one write. */
    void flushNow() throws IOException {
        if (count > 0) {
            byte[] b = buf;
            int n = count;
            buf = null; // nothing held while the stream waits
            count = 0;
            out.write(b, 0, n);
        }
        out.flush();
    }

    @Override
    public void close() throws IOException {
        flushNow();
        out.close();
    }
}
