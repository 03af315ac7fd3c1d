package dev.switchboard.kernel.auth;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.testkit.MutableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cost limits start from the stored spend of the window, add answered requests, and reset with the window. */
class QuotaTrackerTest {
    private final MutableClock clock = MutableClock.at("2025-03-31T23:00:00Z");

    /** Stored spend: 4.99 today, 9.99 this month; no tokens. */
    private static final TokenTotals STORED = new TokenTotals() {
        @Override
        public long tokensToday(String k) {
            return 0;
        }

        @Override
        public long tokensThisMonth(String k) {
            return 0;
        }

        @Override
        public BigDecimal costToday(String k) {
            return new BigDecimal("4.99");
        }

        @Override
        public BigDecimal costThisMonth(String k) {
            return new BigDecimal("9.99");
        }
    };

    private static ClientPrincipal key(String daily, String monthly) {
        return new ClientPrincipal("team", 1L, List.of(), 0, 0, 0, false, daily == null ? null : new BigDecimal(daily),
                monthly == null ? null : new BigDecimal(monthly));
    }

    @Test
    void theDailyLimitCountsStoredSpendPlusAnsweredRequestsAndResetsAtMidnightUtc() throws GatewayException {
        QuotaTracker q = new QuotaTracker(clock, STORED, "USD");
        ClientPrincipal p = key("5", null);
        q.check(p);
        q.add("team", 10, new BigDecimal("0.009999999"));
        assertDoesNotThrow(() -> q.check(p), "4.999999999 < 5");
        q.add("team", 10, new BigDecimal("0.000000001"));
        GatewayException e = assertThrows(GatewayException.class, () -> q.check(p));
        assertEquals(ErrorKind.CLIENT_QUOTA, e.kind());
        assertTrue(e.getMessage().contains("daily cost limit of key 'team' is used up (5 USD)"), e.getMessage());
        assertEquals(Duration.ofHours(1), e.retryAfter(), "until the next UTC midnight");
        clock.advance(Duration.ofHours(1));
        assertDoesNotThrow(() -> q.check(p), "a new day reloads the stored spend (4.99 again here)");
    }

    @Test
    void theMonthlyLimitNamesItselfAndResetsWithTheMonth() throws GatewayException {
        QuotaTracker q = new QuotaTracker(clock, STORED, "EUR");
        ClientPrincipal p = key(null, "10");
        q.check(p);
        q.add("team", 0, new BigDecimal("0.01"));
        GatewayException e = assertThrows(GatewayException.class, () -> q.check(p));
        assertTrue(e.getMessage().contains("monthly cost limit") && e.getMessage().contains("10 EUR"), e.getMessage());
        assertTrue(e.getMessage().contains("2025-04-01T00:00:00Z"), e.getMessage());
    }

    @Test
    void unpricedRequestsAndKeysWithoutLimitsAreNotCounted() {
        QuotaTracker q = new QuotaTracker(clock, STORED, "USD");
        ClientPrincipal none = key(null, null);
        q.add("team", 100, null);
        assertDoesNotThrow(() -> q.check(none));
        ClientPrincipal p = key("5", null);
        assertDoesNotThrow(() -> q.check(p));
        q.add("team", 100, null);
        assertDoesNotThrow(() -> q.check(p), "a request without a price adds nothing");
    }
}
