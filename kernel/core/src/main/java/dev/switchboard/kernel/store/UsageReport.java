package dev.switchboard.kernel.store;

import java.time.Instant;
import java.util.List;

/**
 * The answer to a usage query: groups sorted by key, and the total over all of them. Immutable.
 *
 * @param from inclusive start
 * @param to   exclusive end
 */
public record UsageReport(UsageGroupBy groupBy, Instant from, Instant to, List<Group> groups, UsageTotals total) {

    public UsageReport {
        groups = List.copyOf(groups);
    }

    /** One group; {@code key} is empty for rows that did not record the grouped value. */
    public record Group(String key, UsageTotals totals) {
    }
}
