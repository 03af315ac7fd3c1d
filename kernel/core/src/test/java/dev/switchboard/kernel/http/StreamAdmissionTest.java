package dev.switchboard.kernel.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.kernel.config.StreamCeiling;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The door counts requests and weighs them by their bodies; both refusals are retryable overloads. */
class StreamAdmissionTest {
    @Test
    void theCountCeilingRefusesAtOnceAndASlotGivesItsPlaceBack() throws Exception {
        StreamAdmission door = new StreamAdmission(2, Long.MAX_VALUE);
        StreamAdmission.Slot a = door.enter();
        StreamAdmission.Slot b = door.enter();
        GatewayException e = assertThrows(GatewayException.class, door::enter);
        assertEquals(ErrorKind.UPSTREAM_OVERLOADED, e.kind());
        assertEquals(Duration.ofSeconds(1), e.retryAfter());
        a.close();
        a.close(); // idempotent: gives back once
        assertEquals(1, door.inFlight());
        door.enter().close();
        b.close();
        assertEquals(0, door.inFlight());
    }

    @Test
    void largeBodiesFillTheHeapBudgetBeforeTheCount() throws Exception {
        long big = StreamCeiling.heapCost(50_000);
        StreamAdmission door = new StreamAdmission(10_000, 3 * big);
        StreamAdmission.Slot[] held = new StreamAdmission.Slot[3];
        for (int i = 0; i < 3; i++) {
            held[i] = door.enter();
            held[i].charge(50_000);
        }
        assertEquals(3 * big, door.heapInUse());
        StreamAdmission.Slot fourth = door.enter();
        GatewayException e = assertThrows(GatewayException.class, () -> fourth.charge(50_000));
        assertEquals(ErrorKind.UPSTREAM_OVERLOADED, e.kind());
        assertEquals(Duration.ofSeconds(1), e.retryAfter());
        assertTrue(e.getMessage().contains("memory"), e.getMessage());
        fourth.close();
        assertEquals(3 * big, door.heapInUse(), "a refused charge holds nothing");
        assertEquals(3, door.inFlight());

        held[0].close();
        StreamAdmission.Slot again = door.enter();
        again.charge(50_000);
        assertEquals(3 * big, door.heapInUse());
        again.close();
        held[1].close();
        held[2].close();
        assertEquals(0, door.heapInUse());
        assertEquals(0, door.inFlight());
    }

    @Test
    void aRequestAloneIsAdmittedWhateverItsSize() throws Exception {
        StreamAdmission door = new StreamAdmission(10, 1024 * 1024);
        try (StreamAdmission.Slot alone = door.enter()) {
            alone.charge(32L * 1024 * 1024);
            StreamAdmission.Slot small = door.enter();
            assertThrows(GatewayException.class, () -> small.charge(10));
            small.close();
        }
        assertEquals(0, door.heapInUse());
    }
}
