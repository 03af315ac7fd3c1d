package dev.switchboard.kernel.http;

import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ceiling on chat requests in flight ({@code server.max-concurrent-streams}). Beyond it a request is refused
 * at once — before its body is read — as an overload (529 {@code overloaded_error} for Anthropic clients, 503 for
 * OpenAI clients, with {@code retry-after}, retryable), so the streams already admitted keep their memory and
 * sockets and keep flowing instead of every stream slowing down together. Lock-free; thread-safe.
 */
public final class StreamAdmission {
    static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final int limit;
    private final AtomicInteger inFlight = new AtomicInteger();

    public StreamAdmission(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        this.limit = limit;
    }

    /**
     * Claims a slot; the caller must {@link #leave()} once the answer is complete.
     *
     * @throws GatewayException (overloaded, with a retry-after) when the ceiling is reached
     */
    public void enter() throws GatewayException {
        while (true) {
            int cur = inFlight.get();
            if (cur >= limit) {
                throw GatewayException.builder(ErrorKind.UPSTREAM_OVERLOADED).retryAfter(RETRY_AFTER)
                        .message("the gateway is at its limit of " + limit + " concurrent requests; retry shortly")
                        .build();
            }
            if (inFlight.compareAndSet(cur, cur + 1)) {
                return;
            }
        }
    }

    public void leave() {
        inFlight.decrementAndGet();
    }

    public int inFlight() {
        return inFlight.get();
    }

    public int limit() {
        return limit;
    }
}
