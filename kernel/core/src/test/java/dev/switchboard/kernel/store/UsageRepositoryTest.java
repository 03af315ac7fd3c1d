package dev.switchboard.kernel.store;

import static dev.switchboard.kernel.store.UsageRows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.testkit.MutableClock;
import dev.switchboard.spi.Dialect;
import dev.switchboard.spi.model.Usage;
import dev.switchboard.spi.model.UsageSource;
import java.nio.file.Path;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.api.io.TempDir;

@BothDatabases
class UsageRepositoryTest {

    @Parameter
    StoreBackend backend;

    @TempDir
    Path dir;
    MutableClock clock = MutableClock.at("2025-03-10T12:00:00Z");
    Store store;
    UsageRepository usage;

    @BeforeEach
    void open() {
        store = TestStores.open(backend, dir, clock);
        usage = store.usage();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private long count(String sql) {
        return store.database().jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    @Test
    void tenThousandConcurrentInsertsGiveTenThousandRows() throws Exception {
        Instant t = clock.instant();
        TestStores.concurrently(200, 50, (thread, i) ->
                usage.insert(row(t, "key-" + (thread % 7), "p", "acc-" + (thread % 3), "m", 10, 1, UsageOutcome.OK)));
        assertEquals(10_000, count("SELECT COUNT(*) FROM usage"));
        assertEquals(100_000, count("SELECT SUM(input_tokens) FROM usage"));
        UsageReport r = usage.query(UsageGroupBy.ACCOUNT, t.minusSeconds(1), t.plusSeconds(1));
        assertEquals(10_000, r.total().requests());
        assertEquals(3, r.groups().size());
    }

    @Test
    void storesEveryField() {
        Instant t = Instant.parse("2025-03-10T11:59:58.123Z");
        usage.insert(new UsageRecord(t, 42L, "ci", "factory", "main", "claude-sonnet-4-5", "claude-sonnet-4-5-20250929",
                new Usage(100, 20, 3, 4, UsageSource.ESTIMATED), 900L, 150L, 499, UsageOutcome.ABORTED,
                Dialect.OPENAI_RESPONSES, false));
        Map<String, Object> rowMap = store.database().jdbi().withHandle(h -> h.createQuery("SELECT * FROM usage")
                .mapToMap().one());
        assertEquals(42L, ((Number) rowMap.get("client_key_id")).longValue());
        assertEquals("claude-sonnet-4-5-20250929", rowMap.get("upstream_model"));
        assertEquals("estimated", rowMap.get("usage_source"));
        assertEquals("aborted", rowMap.get("outcome"));
        assertEquals("openai_responses", rowMap.get("dialect"));
        assertEquals(false, rowMap.get("stream"));
        assertEquals(499, ((Number) rowMap.get("status")).intValue());
        assertEquals(150L, ((Number) rowMap.get("ttft_ms")).longValue());
        assertEquals(java.time.LocalDate.parse("2025-03-10"), store.database().jdbi().withHandle(h ->
                h.createQuery("SELECT day_utc FROM usage").mapTo(java.time.LocalDate.class).one()));
        Instant ts = store.database().jdbi().withHandle(h -> h.createQuery("SELECT ts FROM usage").mapTo(Instant.class).one());
        assertEquals(t, ts);
    }

    @Test
    void groupByQueriesAndTotals() {
        Instant d1 = Instant.parse("2025-03-08T10:00:00Z");
        Instant d2 = Instant.parse("2025-03-09T23:59:59Z");
        usage.insertBatch(List.of(
                row(d1, "alice", "factory", "f1", "claude", 100, 10, UsageOutcome.OK),
                row(d1, "alice", "factory", "f2", "claude", 200, 20, UsageOutcome.ERROR),
                row(d2, "bob", "kiro", "k1", "gpt", 300, 30, UsageOutcome.OK),
                row(d2, "bob", "kiro", "k1", "claude", 400, 40, UsageOutcome.ABORTED),
                row(d2, null, null, null, "nowhere", 0, 0, UsageOutcome.ERROR)));
        Instant from = Instant.parse("2025-03-08T00:00:00Z");
        Instant to = Instant.parse("2025-03-10T00:00:00Z");

        assertEquals(Map.of("", 1L, "alice", 2L, "bob", 2L), requestsBy(UsageGroupBy.KEY, from, to));
        assertEquals(Map.of("", 1L, "factory/f1", 1L, "factory/f2", 1L, "kiro/k1", 2L), requestsBy(UsageGroupBy.ACCOUNT, from, to));
        assertEquals(Map.of("claude", 3L, "gpt", 1L, "nowhere", 1L), requestsBy(UsageGroupBy.MODEL, from, to));
        assertEquals(Map.of("", 1L, "factory", 2L, "kiro", 2L), requestsBy(UsageGroupBy.PROVIDER, from, to));
        assertEquals(Map.of("2025-03-08", 2L, "2025-03-09", 3L), requestsBy(UsageGroupBy.DAY, from, to));

        UsageReport byKey = usage.query(UsageGroupBy.KEY, from, to);
        assertEquals(List.of("", "alice", "bob"), byKey.groups().stream().map(UsageReport.Group::key).toList());
        UsageTotals alice = byKey.groups().get(1).totals();
        // Rows written without a price (as rows from before pricing existed) count as unpriced.
        assertEquals(new UsageTotals(2, 1, 0, 300, 30, 2, 4, BigDecimal.ZERO, 2, 0), alice);
        assertEquals(new UsageTotals(5, 2, 1, 1000, 100, 5, 10, BigDecimal.ZERO, 5, 0), byKey.total());

        // [from, to): a row exactly at 'to' is outside, one at 'from' inside.
        UsageReport narrow = usage.query(UsageGroupBy.DAY, d1, d2);
        assertEquals(2, narrow.total().requests());
        assertThrows(IllegalArgumentException.class, () -> usage.query(UsageGroupBy.DAY, to, from));
    }

    /**
     * Both databases keep timestamps to the microsecond and would round the rest half-up: a row in the last 500 ns
     * of a UTC day was stored at the next midnight while its day column said the day before, so quotas (by day)
     * and reports (by time) counted it on different days.
     */
    @Test
    void aRowInTheLastNanosecondsOfADayIsStoredAndCountedOnThatDay() {
        Instant late = Instant.parse("2025-03-09T23:59:59.999999700Z");
        usage.insert(row(late, "k", "p", "a", "m", 10, 1, UsageOutcome.OK));
        Instant ts = store.database().jdbi().withHandle(h -> h.createQuery("SELECT ts FROM usage").mapTo(Instant.class).one());
        assertEquals(Instant.parse("2025-03-09T23:59:59.999999Z"), ts, "cut to the microsecond, never rounded up");
        assertEquals(java.time.LocalDate.parse("2025-03-09"), store.database().jdbi().withHandle(h ->
                h.createQuery("SELECT day_utc FROM usage").mapTo(java.time.LocalDate.class).one()));
        assertEquals(Map.of("2025-03-09", 1L), requestsBy(UsageGroupBy.DAY, Instant.parse("2025-03-09T00:00:00Z"),
                Instant.parse("2025-03-10T00:00:00Z")), "the report by time counts it on its day");
    }

    @Test
    void clientKeyUsageCountsTodayAndThisMonth() {
        usage.insert(row(Instant.parse("2025-02-28T23:00:00Z"), "k", "p", "a", "m", 1000, 1000, UsageOutcome.OK));
        usage.insert(row(Instant.parse("2025-03-01T00:00:00Z"), "k", "p", "a", "m", 10, 1, UsageOutcome.OK));
        usage.insert(row(Instant.parse("2025-03-09T23:59:59Z"), "k", "p", "a", "m", 20, 2, UsageOutcome.OK));
        usage.insert(row(Instant.parse("2025-03-10T00:00:00Z"), "k", "p", "a", "m", 30, 3, UsageOutcome.ERROR));
        usage.insert(row(Instant.parse("2025-03-10T11:00:00Z"), "other", "p", "a", "m", 500, 5, UsageOutcome.OK));

        ClientKeyUsage u = usage.clientKeyUsage("k");
        assertEquals(1, u.today().requests());
        assertEquals(30 + 3 + 1 + 2, u.today().totalTokens());
        assertEquals(3, u.month().requests());
        assertEquals(60 + 6 + 3 * 3, u.month().totalTokens());
        assertEquals(UsageTotals.ZERO, usage.clientKeyUsage("nobody").month());
    }

    @Test
    void groupByParsesQueryParameters() {
        assertEquals(UsageGroupBy.ACCOUNT, UsageGroupBy.parse("account"));
        assertEquals(UsageGroupBy.DAY, UsageGroupBy.parse(" Day "));
        assertThrows(IllegalArgumentException.class, () -> UsageGroupBy.parse("week"));
    }

    private Map<String, Long> requestsBy(UsageGroupBy g, Instant from, Instant to) {
        return usage.query(g, from, to).groups().stream()
                .collect(Collectors.toMap(UsageReport.Group::key, x -> x.totals().requests()));
    }
}
