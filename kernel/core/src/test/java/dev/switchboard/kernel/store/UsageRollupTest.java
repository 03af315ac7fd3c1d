package dev.switchboard.kernel.store;

import static dev.switchboard.kernel.store.UsageRows.priced;
import static dev.switchboard.kernel.store.UsageRows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.switchboard.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.api.io.TempDir;

@BothDatabases
class UsageRollupTest {

    @Parameter
    StoreBackend backend;

    static final Instant FROM = Instant.parse("2025-03-01T00:00:00Z");
    static final Instant TO = Instant.parse("2025-03-12T00:00:00Z");

    @TempDir
    Path dir;
    MutableClock clock = MutableClock.at("2025-03-10T12:00:00Z");
    Store store;
    UsageRepository usage;
    UsageRollup rollup;

    @BeforeEach
    void open() {
        store = Store.open(backend.fresh(dir).withUsageRetentionDays(2), clock,
                Map.of(EncryptionKeys.ENV_VAR, TestStores.newKey()));
        usage = store.usage();
        rollup = store.usageRollup();
        // Six days, 03-05 .. 03-10, three rows each.
        for (int d = 5; d <= 10; d++) {
            Instant t = Instant.parse("2025-03-%02dT08:00:00Z".formatted(d));
            // Costs, unpriced rows and credits must survive the rollup like the token figures.
            usage.insert(priced(row(t, "alice", "factory", "f1", "claude", 100, 10, UsageOutcome.OK), "0.001234567", 0));
            usage.insert(row(t.plusSeconds(60), "alice", "factory", "f1", "claude", 50, 5, UsageOutcome.ERROR));
            usage.insert(priced(row(t.plusSeconds(120), "bob", "kiro", "k1", "gpt", 7, 1, UsageOutcome.ABORTED), "0",
                    0.25 * d));
        }
    }

    @AfterEach
    void close() {
        store.close();
    }

    private long rawRows() {
        return store.database().jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM usage").mapTo(Long.class).one());
    }

    private List<String> dailyTable() {
        return store.database().jdbi().withHandle(h -> h.createQuery("SELECT CONCAT_WS('|', day_utc, client_key_name, "
                + "provider, account_name, route_model, requests, errors, aborted, input_tokens, output_tokens, "
                + "cache_creation_tokens, cache_read_tokens) FROM usage_daily ORDER BY 1").mapTo(String.class).list());
    }

    private Map<UsageGroupBy, UsageReport> reports() {
        Map<UsageGroupBy, UsageReport> m = new java.util.EnumMap<>(UsageGroupBy.class);
        for (UsageGroupBy g : UsageGroupBy.values()) {
            if (g == UsageGroupBy.HOUR) {
                continue; // rollups keep whole days: rolled-up hours group under midnight (see UsageGroupBy)
            }
            m.put(g, usage.query(g, FROM, TO));
        }
        return m;
    }

    @Test
    void rollupAndRetentionKeepEveryQueryAnswerTheSame() {
        Map<UsageGroupBy, UsageReport> before = reports();
        ClientKeyUsage aliceBefore = usage.clientKeyUsage("alice");
        UsageTotals all = before.get(UsageGroupBy.KEY).total();
        assertEquals(new java.math.BigDecimal("0.007407402"), all.cost());
        assertEquals(6, all.unpricedRequests());
        assertEquals(11.25, all.credits());

        UsageRollup.Result r = rollup.run();

        assertEquals(5, r.daysRolledUp(), "03-05 .. 03-09; today is not finished");
        assertEquals(9, r.rawRowsDeleted(), "days before 03-08 (retention 2 days)");
        assertEquals(9, rawRows());
        assertEquals(5 * 2, dailyTable().size(), "two groups per rolled day");
        assertEquals(before, reports());
        assertEquals(aliceBefore, usage.clientKeyUsage("alice"));

        // Idempotent: a second run does nothing and changes nothing.
        List<String> daily = dailyTable();
        assertEquals(new UsageRollup.Result(0, 0), rollup.run());
        assertEquals(daily, dailyTable());
        assertEquals(before, reports());
    }

    @Test
    void recomputingRolledDaysGivesTheSameRollups() {
        rollup.rollup();
        List<String> daily = dailyTable();
        store.database().jdbi().useHandle(h -> h.execute("DELETE FROM meta WHERE meta_key = ?",
                UsageRollup.ROLLED_UP_THROUGH_META));
        assertEquals(5, rollup.rollup(), "without its mark the rollup redoes every finished day");
        assertEquals(daily, dailyTable());
        assertEquals(18, rawRows(), "rollup alone deletes nothing");
    }

    @Test
    void nextDayRollsOnlyTheNewDayAndPrunesOneMore() {
        rollup.run();
        clock.set(Instant.parse("2025-03-11T00:30:00Z"));
        usage.insert(row(clock.instant(), "alice", "factory", "f1", "claude", 1, 1, UsageOutcome.OK));
        Map<UsageGroupBy, UsageReport> before = reports();

        UsageRollup.Result r = rollup.run();

        assertEquals(new UsageRollup.Result(1, 3), r);
        assertEquals(before, reports());
        assertEquals(LocalDate.parse("2025-03-09"), store.database().jdbi().withHandle(UsageRepository::rawFrom));
    }

    @Test
    void rollupOnlyDaysCountWhenTheirMidnightIsInRange() {
        rollup.run();
        UsageReport fromMidnight = usage.query(UsageGroupBy.KEY, Instant.parse("2025-03-06T00:00:00Z"), TO);
        UsageReport fromNoon = usage.query(UsageGroupBy.KEY, Instant.parse("2025-03-06T12:00:00Z"), TO);
        assertEquals(15, fromMidnight.total().requests());
        assertEquals(12, fromNoon.total().requests(), "03-06 survives only as a whole-day rollup");
        assertNotEquals(fromMidnight, fromNoon);
    }

    @Test
    void nothingIsDeletedBeforeItIsRolledUp() {
        assertEquals(0, rollup.prune());
        assertEquals(18, rawRows());
        clock.advance(Duration.ofDays(30));
        assertEquals(0, rollup.prune());
        assertEquals(18, rawRows());
    }
}
