package dev.switchboard.transport;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One call's total deadline: from {@code send()} until its response is closed. A single shared daemon
 * scheduler fires the watchdog; at the deadline it closes the call's connection, so a read blocked on it
 * ends at once, and {@link UpstreamBodyStream} reports that as {@code SocketTimeoutException("total
 * deadline exceeded")}. {@link #finish()} cancels the watchdog (and removes it from the scheduler's queue),
 * so nothing outlives a closed response.
 *
 * <p>Thread-safe: the call's thread attaches the connection while the watchdog may fire on another
 * thread. Both sides write their volatile field before reading the other's, so at least one of them
 * sees the other and the connection is closed exactly when the deadline has passed.
 */
final class Exchange {
    static final String DEADLINE_MESSAGE = "total deadline exceeded";

    private static final ScheduledThreadPoolExecutor WATCHDOG = createWatchdog();

    private final Duration total;
    private final long deadlineNanos;
    private final ScheduledFuture<?> timer;
    private volatile boolean expired;
    private volatile PooledConnection connection;

    private Exchange(Duration total) {
        this.total = total;
        if (total == null) {
            this.deadlineNanos = Long.MAX_VALUE;
            this.timer = null;
        } else {
            this.deadlineNanos = System.nanoTime() + total.toNanos();
            this.timer = WATCHDOG.schedule(this::onDeadline, total.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private static ScheduledThreadPoolExecutor createWatchdog() {
        ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "switchboard-transport-deadline");
            t.setDaemon(true);
            return t;
        });
        // Cancelled watchdogs must not pile up in the queue until their (10-minute) deadline.
        ex.setRemoveOnCancelPolicy(true);
        return ex;
    }

    /** Starts the clock; {@code total} null (or not positive) means no deadline. */
    static Exchange start(Duration total) {
        return new Exchange(total == null || total.isZero() || total.isNegative() ? null : total);
    }

    /** Watchdogs currently scheduled in this JVM (for leak tests). */
    static int scheduledWatchdogs() {
        return WATCHDOG.getQueue().size();
    }

    private void onDeadline() {
        // Closing a TLS socket may wait for a lock; never let that stall the shared scheduler thread.
        Thread.ofVirtual().name("switchboard-transport-abort").start(this::expire);
    }

    /** What the watchdog does at the deadline; package-private so tests can fire it late on purpose. */
    void expire() {
        expired = true;
        PooledConnection c = connection;
        if (c != null) {
            c.abort(this);
        }
    }

    /** Binds the connection the call uses; closes it at once if the deadline has already passed. */
    void attach(PooledConnection c) {
        connection = c;
        if (expired) {
            c.abort(this);
        }
    }

    boolean expired() {
        return expired || (timer != null && System.nanoTime() - deadlineNanos >= 0);
    }

    /** {@code limit}, shortened to the time left before the deadline (zero when it has passed). */
    Duration bound(Duration limit) {
        if (timer == null) {
            return limit;
        }
        long left = deadlineNanos - System.nanoTime();
        return left <= 0 ? Duration.ZERO : left < limit.toNanos() ? Duration.ofNanos(left) : limit;
    }

    /** True when {@code bound(limit)} is shorter than {@code limit}, i.e. the deadline is what limits. */
    boolean limits(Duration limit) {
        return timer != null && deadlineNanos - System.nanoTime() < limit.toNanos();
    }

    Duration total() {
        return total;
    }

    /** Cancels the watchdog; idempotent. */
    void finish() {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    SocketTimeoutException deadlineException(Throwable cause) {
        SocketTimeoutException e = new SocketTimeoutException(DEADLINE_MESSAGE);
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }
}
