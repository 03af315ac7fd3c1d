package dev.switchboard.kernel.dispatch;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The streams being delivered right now, each with its usage row ({@link StreamRow}). Owns the checkpoint
 * interval ({@code storage.usage-checkpoint-interval}) and, at shutdown, ends the streams still running after
 * the grace period: {@link #abortAll()} marks each as stopped by the gateway and closes its upstream response,
 * so the request thread unblocks, ends the client's stream with the dialect's error event and writes the row
 * as {@code aborted} with the tokens seen so far. Thread-safe.
 */
public final class InFlightStreams {
    private final Duration checkpointInterval;
    private final UsageSink sink;
    private final Set<StreamRow> rows = ConcurrentHashMap.newKeySet();
    private final StreamKeys keys = new StreamKeys();
    private final Object empty = new Object();

    public InFlightStreams(UsageSink sink, Duration checkpointInterval) {
        this.sink = sink;
        this.checkpointInterval = checkpointInterval;
    }

    /** Registers a new stream; {@code abort} closes its upstream response (called from another thread). */
    StreamRow open(Runnable abort) {
        StreamRow row = new StreamRow(this, keys.next(), sink, checkpointInterval, abort);
        rows.add(row);
        return row;
    }

    void closed(StreamRow row) {
        if (rows.remove(row) && rows.isEmpty()) {
            synchronized (empty) {
                empty.notifyAll();
            }
        }
    }

    /**
     * Keys of stream rows: unique across restarts and gateways that share a database without coordination (each run
     * starts at a random one of 2^36 points 2^27 apart), and ascending within a run, so the database's index on
     * them grows at its end instead of touching a random page for every stream.
     */
    static final class StreamKeys {
        private final AtomicLong last = new AtomicLong((ThreadLocalRandom.current().nextLong() >>> 28) << 27);

        long next() {
            return last.incrementAndGet();
        }
    }

    public int size() {
        return rows.size();
    }

    /** Stops every stream still running (shutdown after the grace period). */
    public void abortAll() {
        for (StreamRow r : rows) {
            r.abort();
        }
    }

    /** Waits up to {@code max} until every stream wrote its row; returns how many did not. */
    public int awaitEmpty(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (empty) {
            while (!rows.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    empty.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return rows.size();
    }
}
