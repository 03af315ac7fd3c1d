package dev.switchboard.kernel.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts in-flight requests so shutdown can let them finish (bounded by the grace period) while new
 * requests get 503 with {@code Retry-After}. Thread-safe.
 */
public final class DrainFilter implements Filter {
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final Object idle = new Object();

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (draining.get()) {
            res.status(Status.SERVICE_UNAVAILABLE_503);
            res.header(HeaderNames.RETRY_AFTER, "5");
            res.header(HeaderNames.CONNECTION, "close");
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send("{\"error\":{\"message\":\"the gateway is shutting down\",\"type\":\"server_error\","
                    + "\"param\":null,\"code\":\"shutting_down\"}}");
            return;
        }
        inFlight.incrementAndGet();
        try {
            chain.proceed();
        } finally {
            if (inFlight.decrementAndGet() == 0) {
                synchronized (idle) {
                    idle.notifyAll();
                }
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
