package dev.switchboard.kernel.dispatch;

import dev.switchboard.kernel.store.UsageRecord;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The usage row of one stream while it is delivered. Written first when the stream's first bytes went out (outcome
 * {@code aborted}, the figures so far), rewritten through the usage writer every checkpoint interval, and replaced
 * once by the final row — so a {@code kill -9} leaves a row for every stream that started and still waits for its
 * upstream, with at most one interval of its tokens missing. A stream whose terminal event came in the same burst
 * as its first bytes skips the first write (its deliveries do not call {@link #started}): nothing is left to wait
 * for from the upstream and its final row follows at once (for short answers this halves the rows the journal
 * takes). Checkpoints are queued without waiting; the final row is waited for, since the stream's terminal event
 * may only leave after it is durable. Used by the request's thread; {@link #abort()} may come from the shutdown
 * thread.
 */
final class StreamRow {
    private static final Logger LOG = Logger.getLogger(StreamRow.class.getName());

    private final InFlightStreams owner;
    private final long key;
    private final UsageSink sink;
    private final long intervalNanos;
    private final Runnable abortUpstream;
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile boolean stoppedByGateway;
    private long lastCheckpoint = System.nanoTime();
    private boolean started;

    StreamRow(InFlightStreams owner, long key, UsageSink sink, Duration interval, Runnable abortUpstream) {
        this.owner = owner;
        this.key = key;
        this.sink = sink;
        this.intervalNanos = interval.toNanos();
        this.abortUpstream = abortUpstream;
    }

    long key() {
        return key;
    }

    /**
     * The first checkpoint, written once the stream's first bytes went out (not before: the client's first event
     * does not wait for it). Later calls do nothing; neither does a call after the final row.
     */
    void started(Supplier<UsageRecord> soFar) {
        if (!started && !done.get()) {
            started = true;
            checkpoint(soFar.get());
        }
    }

    /** Checkpoints if the interval has passed since the last one; {@code soFar} is only built then. */
    void maybeCheckpoint(Supplier<UsageRecord> soFar) {
        long now = System.nanoTime();
        if (now - lastCheckpoint >= intervalNanos) {
            lastCheckpoint = now;
            checkpoint(soFar.get());
        }
    }

    private void checkpoint(UsageRecord r) {
        try {
            sink.checkpoint(key, r);
        } catch (RuntimeException e) {
            LOG.warning(() -> "a usage checkpoint could not be queued: " + e.getClass().getSimpleName());
        }
    }

    /**
     * Writes the final row once (later calls do nothing) and returns after it is durable.
     *
     * @throws dev.switchboard.kernel.store.UsageWriter.UsageNotRecorded when it could not be written
     */
    void finish(UsageRecord last) {
        if (!done.compareAndSet(false, true)) {
            return;
        }
        try {
            sink.record(key, last);
        } finally {
            owner.closed(this);
        }
    }

    /** True once the gateway itself ended the stream (shutdown): it is recorded as aborted, not as an error. */
    boolean stoppedByGateway() {
        return stoppedByGateway;
    }

    void abort() {
        stoppedByGateway = true;
        abortUpstream.run();
    }
}
