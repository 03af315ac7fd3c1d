package dev.switchboard.kernel.dispatch;

import dev.switchboard.kernel.dialect.StreamEncoder;
import dev.switchboard.kernel.http.RequestInfo;
import dev.switchboard.spi.stream.StreamEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

/**
 * The client side of one streamed response: an encoder guarded by a lock it shares with the heartbeat,
 * which sends the dialect's keep-alive after {@code interval} of silence (decision 17). A write failure
 * means the client left: it is reported once as {@link ClientGone}. The request thread writes events; the
 * heartbeat runs on its own virtual thread.
 */
final class ClientStream implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ClientStream.class.getName());

    private final StreamEncoder encoder;
    private final RequestInfo info;
    private final ReentrantLock lock = new ReentrantLock();
    private final Duration interval;
    private volatile long lastWriteNanos = System.nanoTime();
    private volatile boolean closed;
    private volatile boolean gone;
    private final Thread heartbeat;

    /** Thrown when the client disconnected. */
    static final class ClientGone extends Exception {
        ClientGone(Throwable cause) {
            super("client disconnected", cause, false, false);
        }
    }

    ClientStream(StreamEncoder encoder, RequestInfo info, Duration interval) {
        this.encoder = encoder;
        this.info = info;
        this.interval = interval;
        this.heartbeat = Thread.ofVirtual().name("sse-heartbeat").start(this::beat);
    }

    void write(StreamEvent event) throws ClientGone {
        lock.lock();
        try {
            if (gone) {
                throw new ClientGone(null);
            }
            encoder.write(event);
            info.firstByte();
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

    /** Ends the stream properly if the events did not (error terminal per dialect). */
    void finish() throws ClientGone {
        lock.lock();
        try {
            if (!gone) {
                encoder.finish();
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

    private void beat() {
        long intervalNanos = interval.toNanos();
        long tick = Math.max(10_000_000L, Math.min(intervalNanos / 2, 1_000_000_000L));
        while (!closed && !gone) {
            try {
                Thread.sleep(Duration.ofNanos(tick));
            } catch (InterruptedException e) {
                return;
            }
            if (closed || gone || System.nanoTime() - lastWriteNanos < intervalNanos) {
                continue;
            }
            lock.lock();
            try {
                if (!closed && !gone) {
                    encoder.heartbeat();
                    lastWriteNanos = System.nanoTime();
                }
            } catch (IOException | RuntimeException e) {
                gone = true;
                LOG.fine("client left during a heartbeat");
            } finally {
                lock.unlock();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        heartbeat.interrupt();
    }
}
