package dev.switchboard.transport;

import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * A keep-alive connection of the {@link ConnectionPool} and who owns it. The owner is the state machine
 * that keeps a late deadline watchdog from closing a connection that has already gone back to the pool
 * and on to another call:
 * <pre>
 *   idle (null) --claim--> in use (Exchange) --release--> idle
 *                                  \--abort/poison--> dead (POISONED, never reused)
 * </pre>
 * Every transition is a compare-and-set, so a watchdog can only close the connection of its own call.
 *
 * <p>Thread-safe.
 */
final class PooledConnection {
    private static final Object POISONED = new Object();
    private static final Duration PROBE = Duration.ofMillis(1);

    private final AtomicReference<Object> owner = new AtomicReference<>();
    private final BlockingDeque<PooledConnection> home;
    private final BooleanSupplier poolOpen;
    private volatile Wire connection;
    private volatile boolean reused;
    private volatile long idleSinceNanos;
    /** The socket's read timeout as last set: setting it is a system call, and most calls keep the same one. */
    private Duration readTimeout;

    PooledConnection(BlockingDeque<PooledConnection> home, BooleanSupplier poolOpen) {
        this.home = home;
        this.poolOpen = poolOpen;
    }

    void bind(Wire c) {
        this.connection = c;
    }

    Wire connection() {
        return connection;
    }

    /** Sets the socket's read timeout for the call that owns the connection (skipped when it is already that). */
    void readTimeout(Duration timeout) {
        if (!timeout.equals(readTimeout)) {
            connection.readTimeout(timeout);
            readTimeout = timeout;
        }
    }

    /** True when this call got the connection from the pool rather than opening it. */
    boolean reused() {
        return reused;
    }

    /** Takes an idle connection for {@code exchange}. */
    boolean claim(Exchange exchange, boolean fromPool) {
        if (owner.compareAndSet(null, exchange)) {
            reused = fromPool;
            return true;
        }
        return false;
    }

    /** Whether an idle connection can serve another request (the peer has not closed it). */
    boolean usable() {
        Wire c = connection;
        return c != null && owner.get() == null && c.isConnected();
    }

    /**
     * The connection's release hook, called when a response was fully read: back to the pool
     * unless the connection is dead or the pool is full. Returning false makes the wire close.
     *
     * <p>Helidon's own idle check ({@code helidonSocket().idle()}) is not used: it parks a virtual thread on
     * every idle connection, reading with a 101 ms timeout in a loop (ten {@code SocketTimeoutException}s a
     * second per idle connection, and a hand-off between threads on every reuse). A connection idle for long
     * is probed when it is taken instead ({@link #stillOpen}).
     */
    boolean release(Wire c) {
        Object current = owner.get();
        if (current == null || current == POISONED || !owner.compareAndSet(current, null)) {
            return false;
        }
        if (!c.isConnected() || !poolOpen.getAsBoolean()) {
            owner.set(POISONED);
            return false;
        }
        idleSinceNanos = System.nanoTime();
        if (!home.offerFirst(this)) {
            owner.set(POISONED);
            return false;
        }
        return true;
    }

    /**
     * For a connection just claimed from the pool: whether its peer still keeps it open. One idle for less than
     * {@code trustedIdle} is taken as it is (servers keep idle connections open for seconds to minutes); an older
     * one is probed with a 1 ms read: silence means open, an end of stream or stray bytes mean it must not carry
     * a request. The request sets its own read timeout afterwards.
     */
    boolean stillOpen(Duration trustedIdle) {
        if (System.nanoTime() - idleSinceNanos < trustedIdle.toNanos()) {
            return true;
        }
        Wire c = connection;
        try {
            readTimeout(PROBE);
            c.reader().ensureAvailable();
            return false; // bytes nobody asked for, or the read ended the stream
        } catch (UncheckedIOException e) {
            return e.getCause() instanceof SocketTimeoutException;
        } catch (RuntimeException e) {
            return false; // closed by the peer (Helidon: insufficient data), or closed here
        }
    }

    /** Marks the connection as never reusable (e.g. a close-delimited body ends with the connection). */
    void poison(Exchange exchange) {
        owner.compareAndSet(exchange, POISONED);
    }

    /** Closes the socket under {@code exchange}'s call if it still owns it; a blocked read then fails. */
    void abort(Exchange exchange) {
        if (owner.compareAndSet(exchange, POISONED)) {
            closeWire();
        }
    }

    /** Closes a connection no call owns (pool eviction, failed connect). */
    void discard() {
        owner.set(POISONED);
        closeWire();
    }

    /** The reading thread may still hold the response: its blocked read ends with the socket. */
    private void closeWire() {
        Wire c = connection;
        if (c != null) {
            c.close();
        }
    }
}
