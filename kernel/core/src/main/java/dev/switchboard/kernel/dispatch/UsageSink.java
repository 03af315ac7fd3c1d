package dev.switchboard.kernel.dispatch;

import dev.switchboard.kernel.store.UsageRecord;

/**
 * Where usage records go. The production sink group-commits them and returns only after the record is durable
 * (docs/architecture.md#usage-durability), so a record written before the response completes survives a crash;
 * when it cannot write a
 * record it throws {@link dev.switchboard.kernel.store.UsageWriter.UsageNotRecorded}, and the request is failed
 * rather than served for free. Thread-safe.
 */
@FunctionalInterface
public interface UsageSink {

    /** Writes a request's final record; returns once it is durable. */
    void record(UsageRecord record);

    /** Writes a stream's final record, replacing its checkpoints (written under the same key). */
    default void record(long streamKey, UsageRecord record) {
        record(record);
    }

    /** Queues a running stream's figures so far under {@code streamKey}; does not wait. */
    default void checkpoint(long streamKey, UsageRecord soFar) {
    }

    /** A sink that drops records (no storage configured). */
    UsageSink DISCARD = r -> { };
}
