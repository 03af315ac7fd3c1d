package dev.switchboard.kernel.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.RoutingResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts in-flight requests so shutdown can let them finish (bounded by the grace period) while new
 * requests get 503 with {@code Retry-After}. A request counts from {@link #admit} to {@link #leave}; the stages
 * after this one (the admin gate, CORS, the host check) run inside that window, so shutdown also waits for an
 * admin call that waits for the admin user. Thread-safe.
 */
public final class ShutdownDrain {
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final Object idle = new Object();

    /**
     * Counts the request in, or refuses it with 503 (and counts nothing) once the drain has begun. A true answer
     * must be followed by exactly one {@link #leave}.
     */
    boolean admit(RoutingResponse res) {
        if (draining.get()) {
            res.status(Status.SERVICE_UNAVAILABLE_503);
            res.header(HeaderNames.RETRY_AFTER, "5");
            res.header(HeaderNames.CONNECTION, "close");
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send("{\"error\":{\"message\":\"the gateway is shutting down\",\"type\":\"server_error\","
                    + "\"param\":null,\"code\":\"shutting_down\"}}");
            return false;
        }
        inFlight.incrementAndGet();
        return true;
    }

    /** Counts an admitted request out; the last one out wakes a waiting {@link #drain}. */
    void leave() {
        if (inFlight.decrementAndGet() == 0) {
            synchronized (idle) {
                idle.notifyAll();
            }
        }
    }

    /** Refuses new requests and waits up to {@code grace} for the in-flight ones; returns how many remain. */
    public int drain(Duration grace) {
        draining.set(true);
        long deadline = System.nanoTime() + grace.toNanos();
        synchronized (idle) {
            while (inFlight.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    idle.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return inFlight.get();
    }

    public int inFlight() {
        return inFlight.get();
    }
}
