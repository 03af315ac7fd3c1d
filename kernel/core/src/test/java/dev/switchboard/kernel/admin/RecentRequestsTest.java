package dev.switchboard.kernel.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.kernel.store.UsageOutcome;
import dev.switchboard.kernel.store.UsageRecord;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentRequestsTest {
    private static UsageRecord row(String model) {
        return new UsageRecord(Instant.parse("2026-05-01T10:00:00Z"), null, "k", "p", "a", model, model, null, 5L,
                null, 200, UsageOutcome.OK, null, false);
    }

    @Test
    void keepsOnlyTheNewestEntriesNewestFirst() {
        RecentRequests ring = new RecentRequests(3);
        for (int i = 1; i <= 5; i++) {
            ring.add(row("m" + i));
        }
        List<RecentRequests.Entry> all = ring.newest(10, 0);
        assertEquals(List.of("m5", "m4", "m3"), all.stream().map(e -> e.record().routeModel()).toList());
        assertEquals(List.of(5L, 4L, 3L), all.stream().map(RecentRequests.Entry::id).toList());
    }

    @Test
    void answersOnlyWhatIsNewerThanAPollersLastId() {
        RecentRequests ring = new RecentRequests(10);
        for (int i = 1; i <= 4; i++) {
            ring.add(row("m" + i));
        }
        assertEquals(List.of(4L, 3L), ring.newest(10, 2).stream().map(RecentRequests.Entry::id).toList());
        assertEquals(List.of(4L), ring.newest(1, 0).stream().map(RecentRequests.Entry::id).toList());
        assertTrue(ring.newest(10, 4).isEmpty());
    }

    @Test
    void refusalsShareTheSequenceAndSayWhetherTheCallerWasKnown() {
        RecentRequests ring = new RecentRequests(2);
        ring.add(row("served"));
        ring.addRefused(row("limited"), true);
        ring.addRefused(row("unknown"), false);
        List<RecentRequests.Entry> all = ring.newest(10, 0);
        assertEquals(List.of(3L, 2L), all.stream().map(RecentRequests.Entry::id).toList(),
                "refusals cycle the same bounded ring");
        assertTrue(all.get(0).refused() && !all.get(0).authenticated());
        assertTrue(all.get(1).refused() && all.get(1).authenticated());
        ring.add(row("again"));
        assertFalse(ring.newest(1, 0).get(0).refused());
    }

    @Test
    void sizeZeroKeepsNothing() {
        RecentRequests ring = new RecentRequests(0);
        ring.add(row("m"));
        ring.addRefused(row("m"), false);
        assertTrue(ring.newest(10, 0).isEmpty());
    }
}
