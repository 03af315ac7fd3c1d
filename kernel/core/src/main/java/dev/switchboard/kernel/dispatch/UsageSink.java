package dev.switchboard.kernel.dispatch;

import dev.switchboard.kernel.store.UsageRecord;

/**
 * Where usage records go. The production sink writes durably before returning (decision 20), so a record
 * written before the response completes survives a crash. Thread-safe.
 */
@FunctionalInterface
public interface UsageSink {

    void record(UsageRecord record);

    /** A sink that drops records (no storage configured). */
    UsageSink DISCARD = r -> { };
}
