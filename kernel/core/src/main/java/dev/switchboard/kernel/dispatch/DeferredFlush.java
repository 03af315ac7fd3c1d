package dev.switchboard.kernel.dispatch;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The client's response stream with flushes held until {@link #flushNow()}. The stream encoders flush after every
 * event; the events decoded from one upstream read are all ready at the same moment, so sending them in one write
 * (one HTTP chunk, one system call) instead of one each delays none of them and saves a write per event. The
 * server's response buffer holds them until then. Not thread-safe: {@link ClientStream} serialises its use.
 */
final class DeferredFlush extends OutputStream {
    private final OutputStream out;

    DeferredFlush(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
    }

    /** Held until {@link #flushNow()}. */
    @Override
    public void flush() {
    }

    /** Sends everything written so far. */
    void flushNow() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
