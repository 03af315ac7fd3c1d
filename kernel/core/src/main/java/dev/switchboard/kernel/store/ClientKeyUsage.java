package dev.switchboard.kernel.store;

/**
 * A client key's usage in the current UTC day and calendar month, for its token quotas. Immutable.
 */
public record ClientKeyUsage(UsageTotals today, UsageTotals month) {
}
