package dev.switchboard.kernel.dispatch;

/**
 * How many usage rows were handed to the usage writer but are not durable yet: the writer's queue, or the writes
 * in progress for a writer that commits each row synchronously. Exported as a metric; a growing backlog means the
 * database cannot keep up. Thread-safe and cheap (read at every scrape).
 */
@FunctionalInterface
public interface UsageBacklog {

    long pending();
}
