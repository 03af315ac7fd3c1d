package dev.switchboard.kernel.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongPredicate;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The {@code usage} table (one row per answered request) and its queries. Reads combine raw rows with the
 * daily rollups of days whose raw rows passed the retention ({@link UsageRollup}): days before the
 * {@value UsageRollup#RAW_FROM_META} mark come from {@code usage_daily}, at whole-day resolution.
 *
 * <p>Durability: {@link #insert} returns after its commit, and the database runs with
 * {@code WRITE_DELAY=0}, so a row is in the file before the call returns and survives the process being killed.
 *
 * <p>Thread-safe.
 */
public final class UsageRepository {

    private static final String RAW_TOTALS = "COUNT(*) AS requests, "
            + "COALESCE(SUM(CASE WHEN outcome = 'error' THEN 1 ELSE 0 END), 0) AS errors, "
            + "COALESCE(SUM(CASE WHEN outcome = 'aborted' THEN 1 ELSE 0 END), 0) AS aborted, "
            + "COALESCE(SUM(input_tokens), 0) AS input_tokens, COALESCE(SUM(output_tokens), 0) AS output_tokens, "
            + "COALESCE(SUM(cache_creation_tokens), 0) AS cache_creation_tokens, "
            + "COALESCE(SUM(cache_read_tokens), 0) AS cache_read_tokens, COALESCE(SUM(cost), 0) AS cost, "
            + "COALESCE(SUM(CASE WHEN cost IS NULL THEN 1 ELSE 0 END), 0) AS unpriced, "
            + "COALESCE(SUM(credits), 0) AS credits";
    private static final String DAILY_TOTALS = "COALESCE(SUM(requests), 0) AS requests, "
            + "COALESCE(SUM(errors), 0) AS errors, COALESCE(SUM(aborted), 0) AS aborted, "
            + "COALESCE(SUM(input_tokens), 0) AS input_tokens, COALESCE(SUM(output_tokens), 0) AS output_tokens, "
            + "COALESCE(SUM(cache_creation_tokens), 0) AS cache_creation_tokens, "
            + "COALESCE(SUM(cache_read_tokens), 0) AS cache_read_tokens, COALESCE(SUM(cost), 0) AS cost, "
            + "COALESCE(SUM(unpriced), 0) AS unpriced, COALESCE(SUM(credits), 0) AS credits";

    private final Jdbi jdbi;
    private final Clock clock;
    private final DatabaseVendor vendor;
    private volatile Runnable readBarrier = () -> { };
    private volatile Map<String, Integer> widths;

    public UsageRepository(Jdbi jdbi, Clock clock) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.vendor = jdbi.getConfig(VendorConfig.class).vendor();
    }

    /** Writes one row and returns after it is committed. */
    public void insert(UsageRecord r) {
        jdbi.useHandle(h -> apply(h, List.of(new Write(r, null)), key -> true));
    }

    /** Writes rows in one transaction: all or none, committed when the call returns. */
    public void insertBatch(List<UsageRecord> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbi.useTransaction(h -> apply(h, rows.stream().map(r -> new Write(r, null)).toList(), key -> true));
    }

    /**
     * One write of a group commit: a plain row ({@code streamKey} null), or the current figures of a stream's
     * row, which replace the ones written under the same key before (checkpoints, then the final row).
     *
     * @param last false for a stream's checkpoint (a later write of the same key follows), true otherwise
     */
    public record Write(UsageRecord record, Long streamKey, boolean last) {
        /** A plain row, or a stream's final row. */
        public Write(UsageRecord record, Long streamKey) {
            this(record, streamKey, true);
        }
    }

    /** Applies writes in one transaction: all or none, committed when the call returns. */
    public void write(List<Write> writes) {
        if (writes.isEmpty()) {
            return;
        }
        jdbi.useTransaction(h -> apply(h, writes, key -> true));
    }

    /**
     * Folds journaled writes: applies them and records in {@code meta} how far the journal {@code journalId} is
     * folded, in one transaction, so a crash can neither lose nor repeat a row.
     */
    void fold(List<Write> writes, String journalId, UsageJournal.Mark upTo) {
        fold(writes, key -> true, journalId, upTo);
    }

    /**
     * As {@link #fold(List, String, UsageJournal.Mark)}; a stream whose key fails {@code mayExist} is inserted
     * without looking for an earlier row (the caller knows none was written; if one was, the duplicate key fails
     * the transaction and the caller folds again looking for all).
     */
    void fold(List<Write> writes, LongPredicate mayExist, String journalId, UsageJournal.Mark upTo) {
        jdbi.useTransaction(h -> {
            apply(h, writes, mayExist);
            MetaRepository.put(h, UsageJournal.metaKey(journalId), upTo.wire());
        });
    }

    /**
     * Checks that the database will take {@code r} — every text within its column's width — so that a row
     * accepted into the journal cannot be refused when it is folded later.
     *
     * @throws IllegalArgumentException naming the column that is too narrow for its value
     */
    void check(UsageRecord r) {
        // Called for every answered request on its own thread: no map of the row's values, just the texts.
        Map<String, Integer> widths = textWidths();
        checkWidth(widths, "client_key_name", r.clientKeyName());
        checkWidth(widths, "provider", r.provider());
        checkWidth(widths, "account_name", r.accountName());
        checkWidth(widths, "route_model", r.routeModel());
        checkWidth(widths, "upstream_model", r.upstreamModel());
        checkWidth(widths, "usage_source", r.usage().source().wire());
        checkWidth(widths, "outcome", r.outcome().wire());
        checkWidth(widths, "dialect", UsageBatch.dialect(r));
    }

    private static void checkWidth(Map<String, Integer> widths, String column, String value) {
        Integer max = value == null ? null : widths.get(column);
        if (max != null && value.length() > max) {
            throw new IllegalArgumentException("usage." + column + " takes at most " + max + " characters, got "
                    + value.length());
        }
    }

    /** Reads what {@link #check} needs from the schema, so that checks never touch the database. */
    void prepareChecks() {
        textWidths();
    }

    /** Widths of the usage table's text columns, read from the schema once (the migrations own them). */
    private Map<String, Integer> textWidths() {
        Map<String, Integer> w = widths;
        if (w == null) {
            w = jdbi.withHandle(h -> h.createQuery("SELECT LOWER(COLUMN_NAME) AS c, CHARACTER_MAXIMUM_LENGTH AS n "
                            + "FROM INFORMATION_SCHEMA.COLUMNS WHERE LOWER(TABLE_NAME) = 'usage' "
                            + "AND CHARACTER_MAXIMUM_LENGTH IS NOT NULL")
                    .map((rs, ctx) -> Map.entry(rs.getString("c"), (int) Math.min(Integer.MAX_VALUE, rs.getLong("n"))))
                    .list().stream().collect(java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getKey,
                            Map.Entry::getValue, (a, b) -> a)));
            widths = w;
        }
        return w;
    }

    /**
     * Where reads wait for rows that are durable but not yet in the database (the usage writer's journal), so a
     * report or quota always includes every answered request.
     */
    public void readBarrier(Runnable barrier) {
        this.readBarrier = Objects.requireNonNull(barrier, "barrier");
    }

    private void apply(Handle h, List<Write> writes, LongPredicate mayExist) {
        try (UsageBatch batch = new UsageBatch(h.getConnection(), vendor)) {
            for (Write w : writes) {
                if (w.streamKey() == null) {
                    batch.insert(w.record());
                } else {
                    batch.stream(w.streamKey(), w.record(), mayExist.test(w.streamKey()));
                }
            }
            batch.execute();
        } catch (SQLException e) {
            // Never the driver's message: it may quote the statement's values.
            throw new StorageException("writing usage rows failed: " + SqlErrors.describe(e), e);
        }
    }

    /** A client key's usage in the current UTC day and month (by key name), for its token quotas. */
    public ClientKeyUsage clientKeyUsage(String keyName) {
        LocalDate today = SqlTime.utcDay(clock.instant());
        LocalDate monthStart = today.withDayOfMonth(1);
        readBarrier.run();
        return jdbi.withHandle(h -> {
            LocalDate rawFrom = rawFrom(h);
            Map<String, UsageTotals> byDay = new TreeMap<>();
            h.createQuery("SELECT CAST(day_utc AS VARCHAR) AS k, " + RAW_TOTALS + " FROM usage "
                            + "WHERE client_key_name = :name AND day_utc >= :from GROUP BY day_utc")
                    .bind("name", keyName).bind("from", max(monthStart, rawFrom))
                    .map((rs, ctx) -> Map.entry(rs.getString("k"), totals(rs)))
                    .forEach(e -> byDay.merge(e.getKey(), e.getValue(), UsageTotals::plus));
            if (rawFrom.isAfter(monthStart)) {
                h.createQuery("SELECT CAST(day_utc AS VARCHAR) AS k, " + DAILY_TOTALS + " FROM usage_daily "
                                + "WHERE client_key_name = :name AND day_utc >= :from AND day_utc < :rawFrom GROUP BY day_utc")
                        .bind("name", keyName).bind("from", monthStart).bind("rawFrom", rawFrom)
                        .map((rs, ctx) -> Map.entry(rs.getString("k"), totals(rs)))
                        .forEach(e -> byDay.merge(e.getKey(), e.getValue(), UsageTotals::plus));
            }
            UsageTotals month = byDay.values().stream().reduce(UsageTotals.ZERO, UsageTotals::plus);
            return new ClientKeyUsage(byDay.getOrDefault(today.toString(), UsageTotals.ZERO), month);
        });
    }

    /**
     * Usage over {@code [from, to)}, grouped. Raw rows are selected by timestamp; days only kept as rollups count
     * when their UTC midnight lies in the range.
     */
    public UsageReport query(UsageGroupBy groupBy, Instant from, Instant to) {
        Objects.requireNonNull(groupBy, "groupBy");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("usage query needs from < to, got " + from + " .. " + to);
        }
        readBarrier.run();
        return jdbi.withHandle(h -> {
            LocalDate rawFrom = rawFrom(h);
            Map<String, UsageTotals> groups = new TreeMap<>();
            Instant rawStart = max(from, SqlTime.startOf(rawFrom));
            if (rawStart.isBefore(to)) {
                String key = groupBy.expression(vendor);
                h.createQuery("SELECT " + key + " AS k, " + RAW_TOTALS + " FROM usage "
                                + "WHERE ts >= :from AND ts < :to GROUP BY " + key)
                        .bind("from", rawStart).bind("to", to)
                        .map((rs, ctx) -> Map.entry(rs.getString("k"), totals(rs)))
                        .forEach(e -> groups.merge(e.getKey(), e.getValue(), UsageTotals::plus));
            }
            LocalDate dailyFrom = ceilingDay(from);
            LocalDate dailyTo = min(ceilingDay(to), rawFrom);
            if (dailyFrom.isBefore(dailyTo)) {
                h.createQuery("SELECT " + groupBy.dailyExpression + " AS k, " + DAILY_TOTALS + " FROM usage_daily "
                                + "WHERE day_utc >= :from AND day_utc < :to GROUP BY " + groupBy.dailyExpression)
                        .bind("from", dailyFrom).bind("to", dailyTo)
                        .map((rs, ctx) -> Map.entry(rs.getString("k"), totals(rs)))
                        .forEach(e -> groups.merge(e.getKey(), e.getValue(), UsageTotals::plus));
            }
            List<UsageReport.Group> list = new ArrayList<>();
            UsageTotals total = UsageTotals.ZERO;
            for (Map.Entry<String, UsageTotals> e : groups.entrySet()) {
                list.add(new UsageReport.Group(e.getKey(), e.getValue()));
                total = total.plus(e.getValue());
            }
            return new UsageReport(groupBy, from, to, list, total);
        });
    }

    /** The first UTC day still held as raw rows; earlier days exist only as rollups. */
    static LocalDate rawFrom(Handle h) {
        Optional<String> v = MetaRepository.get(h, UsageRollup.RAW_FROM_META);
        return v.map(LocalDate::parse).orElse(LocalDate.of(1970, 1, 1));
    }

    /** The first UTC day whose midnight is at or after {@code t}. */
    private static LocalDate ceilingDay(Instant t) {
        LocalDate d = SqlTime.utcDay(t);
        return SqlTime.startOf(d).isBefore(t) ? d.plusDays(1) : d;
    }

    static UsageTotals totals(ResultSet rs) throws SQLException {
        return new UsageTotals(rs.getLong("requests"), rs.getLong("errors"), rs.getLong("aborted"),
                rs.getLong("input_tokens"), rs.getLong("output_tokens"), rs.getLong("cache_creation_tokens"),
                rs.getLong("cache_read_tokens"), rs.getBigDecimal("cost"), rs.getLong("unpriced"),
                rs.getDouble("credits"));
    }

    private static <T extends Comparable<? super T>> T max(T a, T b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static <T extends Comparable<? super T>> T min(T a, T b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
