package dev.switchboard.kernel.http;

import dev.switchboard.kernel.config.StreamCeiling;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The door for chat requests: at most {@code server.max-concurrent-streams} in flight, and together at most
 * {@code server.max-stream-heap} bytes of heap by the memory model {@link StreamCeiling#heapCost} owns (a fixed
 * cost per request plus a share per body byte: a stream keeps its canonical request for its whole life, so fifty
 * Claude Code requests of 50 KB weigh like two hundred small ones). Beyond either, a request is refused at once as
 * an overload (529 {@code overloaded_error} for Anthropic clients, 503 for OpenAI clients, with {@code retry-after},
 * retryable), so the streams already admitted keep their memory and sockets and keep flowing instead of every
 * stream slowing down together or the heap running out. The count is taken before the body is read, the heap once
 * its size is known. A request that is alone is always admitted, whatever its size (the body limit bounds it).
 * Lock-free; thread-safe.
 */
public final class StreamAdmission {
    static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final int limit;
    private final long heapBudget;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong heapInUse = new AtomicLong();

    public StreamAdmission(int limit, long heapBudget) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        if (heapBudget < 1) {
            throw new IllegalArgumentException("heapBudget must be positive, got " + heapBudget);
        }
        this.limit = limit;
        this.heapBudget = heapBudget;
    }

    /**
     * Claims a slot; the caller must {@link Slot#close()} it once the answer is complete.
     *
     * @throws GatewayException (overloaded, with a retry-after) when the ceiling is reached
     */
    public Slot enter() throws GatewayException {
        while (true) {
            int cur = inFlight.get();
            if (cur >= limit) {
                throw overloaded("the gateway is at its limit of " + limit + " concurrent requests; retry shortly");
            }
            if (inFlight.compareAndSet(cur, cur + 1)) {
                return new Slot();
            }
        }
    }

    public int inFlight() {
        return inFlight.get();
    }

    public int limit() {
        return limit;
    }

    /** Heap the admitted requests hold by the memory model, in bytes. */
    public long heapInUse() {
        return heapInUse.get();
    }

    private static GatewayException overloaded(String message) {
        return GatewayException.builder(ErrorKind.UPSTREAM_OVERLOADED).retryAfter(RETRY_AFTER).message(message).build();
    }

    /** One admitted request. Not thread-safe (its request's thread uses it). */
    public final class Slot implements AutoCloseable {
        private long charged;
        private boolean closed;

        private Slot() {
        }

        /**
         * Charges the heap a request with a body of {@code bodyBytes} holds; refuses it when the requests in flight
         * would then hold more than the budget (unless no other request holds any).
         *
         * @throws GatewayException (overloaded, with a retry-after) beyond the budget
         */
        public void charge(long bodyBytes) throws GatewayException {
            long cost = StreamCeiling.heapCost(bodyBytes);
            while (true) {
                long cur = heapInUse.get();
                if (cur > 0 && cur + cost > heapBudget) {
                    throw overloaded("the requests in flight hold the gateway's share of its memory ("
                            + (heapBudget >> 20) + " MB); retry shortly");
                }
                if (heapInUse.compareAndSet(cur, cur + cost)) {
                    charged += cost;
                    return;
                }
            }
        }

        /** Gives the slot and its heap back; idempotent. */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            heapInUse.addAndGet(-charged);
            inFlight.decrementAndGet();
        }
    }
}
