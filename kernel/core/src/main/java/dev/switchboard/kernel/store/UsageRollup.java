package dev.switchboard.kernel.store;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Usage retention: whole UTC days of raw usage are summed into {@code usage_daily}, and raw rows
 * older than the retention are deleted once their day is rolled up. Both steps are transactional and
 * idempotent; run {@link #run()} daily (the kernel's scheduler owns the timing).
 *
 * <p>Two marks in {@code meta} keep it exact: {@value #ROLLED_UP_THROUGH_META} (the last day summed; a rerun
 * skips it) and {@value #RAW_FROM_META} (the first day still held raw; readers take earlier days from the
 * rollups). A day is recomputed from its raw rows by delete-then-insert, so repeating it changes nothing.
 * Rows recorded for a day after it was rolled up (only possible if the clock steps back) are not summed.
 *
 * <p>Thread-safe: runs are serialised by a lock within the process and, when gateways share the database, by an
 * instance lock between them ({@link InstanceLocks#runAlone}): one rollup at a time, whichever gateway runs it.
 */
public final class UsageRollup {

    private static final Logger LOG = Logger.getLogger(UsageRollup.class.getName());
    static final String ROLLED_UP_THROUGH_META = "usage_rolled_up_through";
    static final String RAW_FROM_META = "usage_raw_from";

    /** What a run did. */
    public record Result(int daysRolledUp, long rawRowsDeleted) {
    }

    static final String TASK = "usage-rollup";

    private final Jdbi jdbi;
    private final Clock clock;
    private final int retentionDays;
    private final InstanceLocks instances;
    private final ReentrantLock lock = new ReentrantLock();

    public UsageRollup(Jdbi jdbi, Clock clock, int retentionDays) {
        this(jdbi, clock, retentionDays, InstanceLocks.LOCAL);
    }

    /** @param instances keeps gateways sharing the database from rolling up at the same time */
    public UsageRollup(Jdbi jdbi, Clock clock, int retentionDays, InstanceLocks instances) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.instances = Objects.requireNonNull(instances, "instances");
        if (retentionDays < 1) {
            throw new IllegalArgumentException("retention must be at least 1 day");
        }
        this.retentionDays = retentionDays;
    }

    /**
     * Rolls up finished days, then prunes raw rows past the retention. When another gateway sharing the database
     * is doing the same right now, returns at once (empty result): its run does the work.
     */
    public Result run() {
        lock.lock();
        try {
            Result[] out = {new Result(0, 0)};
            instances.runAlone(TASK, () -> {
                int days = rollup();
                long deleted = prune();
                if (days > 0 || deleted > 0) {
                    LOG.info(() -> "usage: rolled up " + days + " day(s), deleted " + deleted + " raw row(s) past "
                            + retentionDays + " days");
                }
                out[0] = new Result(days, deleted);
            });
            return out[0];
        } finally {
            lock.unlock();
        }
    }

    /** Sums every finished UTC day (before today) not yet rolled up, in one transaction. Returns the day count. */
    public int rollup() {
        lock.lock();
        try {
            LocalDate today = SqlTime.utcDay(clock.instant());
            LocalDate yesterday = today.minusDays(1);
            return jdbi.inTransaction(h -> {
                LocalDate through = MetaRepository.get(h, ROLLED_UP_THROUGH_META).map(LocalDate::parse).orElse(null);
                List<LocalDate> days = h.createQuery("SELECT DISTINCT day_utc FROM usage WHERE day_utc < :today "
                                + "AND day_utc > :through ORDER BY day_utc")
                        .bind("today", today).bind("through", through == null ? LocalDate.of(1970, 1, 1) : through)
                        .mapTo(LocalDate.class).list();
                for (LocalDate day : days) {
                    rollupDay(h, day);
                }
                if (through == null || yesterday.isAfter(through)) {
                    MetaRepository.put(h, ROLLED_UP_THROUGH_META, yesterday.toString());
                }
                return days.size();
            });
        } finally {
            lock.unlock();
        }
    }

    private static void rollupDay(Handle h, LocalDate day) {
        h.createUpdate("DELETE FROM usage_daily WHERE day_utc = :d").bind("d", day).execute();
        h.createUpdate("INSERT INTO usage_daily(day_utc, client_key_name, provider, account_name, route_model, "
                        + "requests, errors, aborted, input_tokens, output_tokens, cache_creation_tokens, cache_read_tokens, cost, "
                        + "unpriced, credits) "
                        + "SELECT day_utc, COALESCE(client_key_name, ''), COALESCE(provider, ''), "
                        + "COALESCE(account_name, ''), COALESCE(route_model, ''), COUNT(*), "
                        + "SUM(CASE WHEN outcome = 'error' THEN 1 ELSE 0 END), "
                        + "SUM(CASE WHEN outcome = 'aborted' THEN 1 ELSE 0 END), SUM(input_tokens), SUM(output_tokens), "
                        + "SUM(cache_creation_tokens), SUM(cache_read_tokens), COALESCE(SUM(cost), 0), "
                        + "SUM(CASE WHEN cost IS NULL THEN 1 ELSE 0 END), SUM(credits) FROM usage WHERE day_utc = :d "
                        + "GROUP BY day_utc, COALESCE(client_key_name, ''), COALESCE(provider, ''), "
                        + "COALESCE(account_name, ''), COALESCE(route_model, '')")
                .bind("d", day).execute();
    }

    /**
     * Deletes raw rows of days older than the retention that are already rolled up, one day per transaction
     * (a long-unpruned database does not build one huge transaction), moving the raw-from mark with each day.
     * Returns the number of rows deleted.
     */
    public long prune() {
        lock.lock();
        try {
            LocalDate cutoff = SqlTime.utcDay(clock.instant()).minusDays(retentionDays);
            LocalDate through = jdbi.withHandle(h -> MetaRepository.get(h, ROLLED_UP_THROUGH_META))
                    .map(LocalDate::parse).orElse(null);
            if (through == null) {
                return 0; // nothing rolled up yet: deleting would lose usage
            }
            LocalDate limit = cutoff.isBefore(through.plusDays(1)) ? cutoff : through.plusDays(1);
            List<LocalDate> days = jdbi.withHandle(h -> h.createQuery(
                            "SELECT DISTINCT day_utc FROM usage WHERE day_utc < :limit ORDER BY day_utc")
                    .bind("limit", limit).mapTo(LocalDate.class).list());
            long deleted = 0;
            for (LocalDate day : days) {
                deleted += jdbi.inTransaction(h -> {
                    int n = h.createUpdate("DELETE FROM usage WHERE day_utc = :d").bind("d", day).execute();
                    advanceRawFrom(h, day.plusDays(1));
                    return n;
                });
            }
            jdbi.useTransaction(h -> advanceRawFrom(h, limit));
            return deleted;
        } finally {
            lock.unlock();
        }
    }

    private static void advanceRawFrom(Handle h, LocalDate day) {
        LocalDate current = UsageRepository.rawFrom(h);
        if (day.isAfter(current)) {
            MetaRepository.put(h, RAW_FROM_META, day.toString());
        }
    }
}
