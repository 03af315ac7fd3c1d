package dev.switchboard.kernel.dispatch;

import dev.switchboard.kernel.dialect.StreamEncoder;
import dev.switchboard.spi.stream.StreamEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

/**
 * The client side of one streamed response: an encoder guarded by a lock it shares with the heartbeat, which
 * sends the dialect's keep-alive after {@code interval} of silence (so proxies and clients with an idle timeout keep
 * the connection open). Events are written with
 * {@link #write} and leave with {@link #flush} (the caller flushes when no further event is ready, so events
 * that arrived together leave in one write). A write failure means the client left: it is reported once as
 * {@link ClientGone}.
 *
 * <p>Heartbeats cost nothing while a stream is busy: the stream joins its interval's {@link Heartbeats} sweep
 * while it is open, and only a stream that really fell silent gets a virtual thread to write its keep-alive (the
 * write may block on a slow client; the sweep must not). The request thread writes events.
 */
final class ClientStream implements AutoCloseable, Heartbeats.Beating {
    private static final Logger LOG = Logger.getLogger(ClientStream.class.getName());

    private final StreamEncoder encoder;
    private final DeferredFlush out;
    private final RequestInfo info;
    private final ReentrantLock lock = new ReentrantLock();
    private final long intervalNanos;
    private volatile long lastWriteNanos = System.nanoTime();
    private volatile boolean closed;
    private volatile boolean gone;
    private final Heartbeats heartbeats;
    /** True while a keep-alive is being written, so a slow client does not get a second one queued behind it. */
    private final AtomicBoolean beating = new AtomicBoolean();

    /** Thrown when the client disconnected. */
    static final class ClientGone extends Exception {
        ClientGone(Throwable cause) {
            super("client disconnected", cause, false, false);
        }
    }

    ClientStream(StreamEncoder encoder, DeferredFlush out, RequestInfo info, Duration interval) {
        this.encoder = encoder;
        this.out = out;
        this.info = info;
        this.intervalNanos = interval.toNanos();
        this.heartbeats = Heartbeats.every(interval);
        heartbeats.join(this);
    }

    /** Encodes an event; it leaves with the next {@link #flush}. */
    void write(StreamEvent event) throws ClientGone {
        lock.lock();
        try {
            if (gone) {
                throw new ClientGone(null);
            }
            encoder.write(event);
            lastWriteNanos = System.nanoTime();
        } catch (IOException | UncheckedIOException e) {
            gone = true;
            throw new ClientGone(e);
        } catch (RuntimeException e) {
            // Helidon 4.5 reports a closed connection as a RuntimeException subtype; treat any write failure alike.
            gone = true;
            throw new ClientGone(e);
        } finally {
            lock.unlock();
        }
    }

    /** Sends the events written so far. */
    void flush() throws ClientGone {
        lock.lock();
        try {
            if (gone) {
                throw new ClientGone(null);
            }
            out.flushNow();
            info.firstByte();
        } catch (IOException | RuntimeException e) {
            gone = true;
            throw new ClientGone(e);
        } finally {
            lock.unlock();
        }
    }

    /** Ends the stream properly if the events did not (error terminal per dialect), and sends what is left. */
    void finish() throws ClientGone {
        lock.lock();
        try {
            if (!gone) {
                encoder.finish();
                out.flushNow();
                info.firstByte();
            }
        } catch (IOException | RuntimeException e) {
            gone = true;
            throw new ClientGone(e);
        } finally {
            lock.unlock();
        }
    }

    boolean gone() {
        return gone;
    }

    /** On the sweep's thread: a silent stream gets its beat on a virtual thread (the write may block). */
    @Override
    public void sweep(long nowNanos) {
        if (!closed && !gone && nowNanos - lastWriteNanos >= intervalNanos && beating.compareAndSet(false, true)) {
            Thread.ofVirtual().name("sse-heartbeat").start(this::beat);
        }
    }

    private void beat() {
        lock.lock();
        try {
            if (!closed && !gone && System.nanoTime() - lastWriteNanos >= intervalNanos) {
                encoder.heartbeat();
                out.flushNow();
                lastWriteNanos = System.nanoTime();
            }
        } catch (IOException | RuntimeException e) {
            gone = true;
            LOG.fine("client left during a heartbeat");
        } finally {
            lock.unlock();
            beating.set(false);
        }
    }

    @Override
    public void close() {
        closed = true;
        heartbeats.leave(this);
    }
}
