package dev.switchboard.plugin.kiro.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.QuotaSnapshot;
import dev.switchboard.spi.json.Jsons;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Usage limits → remaining quota and account type. */
class UsageLimitsTest {
    static final Instant NOW = Instant.parse("2026-05-10T00:00:00Z");

    @Test
    void theSpecsPowerExampleIsExhaustedUnlessOverageIsAllowedAndEnabled() {
        String json = "{\"subscriptionInfo\":{\"subscriptionTitle\":\"KIRO POWER\",\"type\":\"Q_DEVELOPER_STANDALONE_POWER\"},"
                + "\"overageConfiguration\":{\"overageStatus\":\"ENABLED\"},\"nextDateReset\":1.7882208E9,"
                + "\"usageBreakdownList\":[{\"currentOverages\":3603,\"currentUsage\":13603,\"overageCap\":10000,"
                + "\"resourceType\":\"CREDIT\",\"usageLimit\":10000}]}";
        UsageLimits strict = UsageLimits.parse(Jsons.parseObject(json), false, NOW);
        assertEquals("POWER", strict.accountType());
        assertEquals(0, strict.remaining());
        assertTrue(strict.exhausted());
        assertEquals(Instant.ofEpochSecond(1_788_220_800L), strict.resetsAt());
        QuotaSnapshot s = strict.toSnapshot();
        assertTrue(s.exhausted());
        assertEquals("credits", s.unit());

        UsageLimits overage = UsageLimits.parse(Jsons.parseObject(json), true, NOW);
        assertEquals(6397, overage.remaining(), 1e-9);
        assertFalse(overage.exhausted());
        QuotaSnapshot o = overage.toSnapshot();
        assertEquals(6397, o.limit() - o.used(), 1e-9);
    }

    @Test
    void freeTrialCountsOnlyWhileActiveAndBonusesOnlyWhenActiveOrRedeemedAndUnexpired() {
        String template = "{\"subscriptionInfo\":{\"type\":\"Q_DEVELOPER_STANDALONE_FREE\"},\"userInfo\":{\"email\":\"a@b.c\"},"
                + "\"usageBreakdownList\":[{\"resourceType\":\"OTHER\",\"usageLimit\":1},{\"resourceType\":\"CREDIT\","
                + "\"currentUsage\":50,\"usageLimit\":50,\"currentUsageWithPrecision\":49.5,"
                + "\"freeTrialInfo\":{\"freeTrialStatus\":\"%s\",\"currentUsage\":100,\"usageLimit\":500},"
                + "\"bonuses\":[{\"status\":\"REDEEMED\",\"currentUsage\":1,\"usageLimit\":10,\"expiresAt\":\"2026-06-01T00:00:00Z\"},"
                + "{\"status\":\"ACTIVE\",\"currentUsage\":0,\"usageLimit\":99,\"expiresAt\":\"2026-01-01T00:00:00Z\"},"
                + "{\"status\":\"EXPIRED\",\"currentUsage\":0,\"usageLimit\":1000}]}]}";
        UsageLimits active = UsageLimits.parse(Jsons.parseObject(template.formatted("ACTIVE")), false, NOW);
        assertEquals(49.5 + 100 + 1, active.used(), 1e-9, "WithPrecision wins; CREDIT entry chosen");
        assertEquals(50 + 500 + 10, active.limit(), 1e-9);
        assertEquals("FREE", active.accountType());
        assertEquals("a@b.c", active.email());
        UsageLimits expired = UsageLimits.parse(Jsons.parseObject(template.formatted("EXPIRED")), false, NOW);
        assertEquals(60, expired.limit(), 1e-9);
        assertEquals(60 - 49.5 - 1, expired.remaining(), 1e-9);
    }

    @Test
    void accountTypes() {
        assertEquals("PRO_PLUS", UsageLimits.accountType("Q_DEVELOPER_STANDALONE_PRO_PLUS"));
        assertEquals("PRO", UsageLimits.accountType("Q_DEVELOPER_STANDALONE_PRO"));
        assertEquals("ENTERPRISE", UsageLimits.accountType("Q_DEVELOPER_STANDALONE"));
        assertEquals("UNKNOWN", UsageLimits.accountType("SOMETHING"));
        assertEquals("UNKNOWN", UsageLimits.accountType(null));
    }

    @Test
    void noFiguresMeansUnknownQuota() {
        UsageLimits none = UsageLimits.parse(Jsons.parseObject("{}"), false, NOW);
        assertFalse(none.exhausted());
        assertNull(none.toSnapshot().limit());
        assertEquals(1.0, none.toSnapshot().remainingFraction());
    }
}
