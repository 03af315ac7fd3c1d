package dev.switchboard.kernel.dispatch;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Finds the open streams that fell silent, for their keep-alive. One sweep per heartbeat interval in use runs on a
 * single timer thread every quarter interval (at least 10 ms, at most 1 s) and looks at every stream registered
 * with that interval; a stream is due once it has been silent for the interval, so its keep-alive comes after
 * between one and one and a quarter intervals of silence.
 *
 * <p>Why a sweep and not a timer task per stream: scheduling and cancelling a task for each of thousands of short
 * streams a second took the timer's lock twice per stream and woke its thread (about 2 % of the gateway's CPU
 * under load, measured); joining and leaving a concurrent set costs neither, and the sweep's cost does not grow
 * with the stream rate. Thread-safe.
 */
final class Heartbeats {
    /** A stream as the sweep sees it. */
    interface Beating {
        /** Called on the timer thread; must not block (a beat that writes runs elsewhere). */
        void sweep(long nowNanos);
    }

    private static final Logger LOG = Logger.getLogger(Heartbeats.class.getName());
    private static final ScheduledThreadPoolExecutor TIMER = new ScheduledThreadPoolExecutor(1,
            Thread.ofPlatform().daemon().name("sse-heartbeats").factory());
    private static final Map<Long, Heartbeats> BY_INTERVAL = new ConcurrentHashMap<>();

    private final Set<Beating> streams = ConcurrentHashMap.newKeySet();

    private Heartbeats(long intervalNanos) {
        long tick = Math.clamp(intervalNanos / 4, TimeUnit.MILLISECONDS.toNanos(10), TimeUnit.SECONDS.toNanos(1));
        TIMER.scheduleWithFixedDelay(this::sweep, tick, tick, TimeUnit.NANOSECONDS);
    }

    /** The sweep of {@code interval}, started at its first use; it lives as long as the JVM (intervals are few). */
    static Heartbeats every(Duration interval) {
        return BY_INTERVAL.computeIfAbsent(interval.toNanos(), Heartbeats::new);
    }

    void join(Beating s) {
        streams.add(s);
    }

    void leave(Beating s) {
        streams.remove(s);
    }

    /** Streams being looked after (tests). */
    int size() {
        return streams.size();
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Beating s : streams) {
            try {
                s.sweep(now);
            } catch (RuntimeException e) {
                // one stream's failure must not end the sweep, which would stop every later keep-alive
                LOG.log(Level.WARNING, "a heartbeat check failed", e);
            }
        }
    }
}
