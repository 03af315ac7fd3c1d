package dev.switchboard.kernel.dispatch;

import dev.switchboard.kernel.store.UsageRecord;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A usage sink that counts the records being written by the sink it wraps: the backlog of a writer that commits
 * each row before returning. Lock-free. Thread-safe.
 */
public final class InFlightUsageWrites implements UsageSink, UsageBacklog {
    private final UsageSink writer;
    private final AtomicLong inFlight = new AtomicLong();

    public InFlightUsageWrites(UsageSink writer) {
        this.writer = writer;
    }

    @Override
    public void record(UsageRecord record) {
        inFlight.incrementAndGet();
        try {
            writer.record(record);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Override
    public long pending() {
        return inFlight.get();
    }
}
