package dev.switchboard.plugin.factory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.plugin.factory.fake.FakeFactory;
import dev.switchboard.testkit.MutableClock;
import dev.switchboard.spi.Account;
import dev.switchboard.spi.AccountHealthCheck;
import dev.switchboard.spi.AccountState;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.HealthReport;
import dev.switchboard.spi.HealthReport.Verdict;
import dev.switchboard.spi.QuotaSnapshot;
import dev.switchboard.spi.UsageProbe;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.testkit.FakeUpstream.Recorded;
import jakarta.json.Json;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Quota from the billing endpoints, which is also the default health check. */
class BillingProbeTest {
    final FakeFactory fake = new FakeFactory();
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T03:00:00Z"));
    Plugin plugin;
    UsageProbe probe;

    @BeforeEach
    void start() throws Exception {
        fake.clock = clock;
        plugin = Plugin.of(fake, Jsons.parseObject("{}"), clock, Map.of());
        probe = plugin.provider.usageProbe().orElseThrow();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void limitsGiveTheFullestStandardWindowAndSpendNoQuota() throws Exception {
        QuotaSnapshot q = probe.probe(Plugin.key("fk-1"));
        assertEquals(new QuotaSnapshot(30.0, 100.0, clock.instant().plusSeconds(4 * 86400), "percent"), q);
        Recorded r = fake.last(FakeFactory.LIMITS);
        assertEquals("Bearer fk-1", r.header("authorization"));
        assertEquals("application/json", r.header("accept"));
        assertEquals("factory-cli/0.85.0", r.header("user-agent"));
        assertEquals("cli", r.header("x-factory-client"));
        assertTrue(fake.requests(FakeFactory.A).isEmpty() && fake.requests(FakeFactory.O).isEmpty());
        assertTrue(plugin.provider.healthCheck().orElseThrow() == probe, "billing is the default health check");
    }

    @Test
    void aFullWindowExhaustsUntilItEndsAndExpiredWindowsAreIgnored() throws Exception {
        Instant end = clock.instant().plusSeconds(1800);
        fake.limitsBody = "{\"limits\":{\"standard\":{\"fiveHour\":{\"usedPercent\":100,\"windowEnd\":"
                + end.getEpochSecond() + "},\"weekly\":{\"usedPercent\":100,\"windowEnd\":\""
                + clock.instant().minusSeconds(10) + "\"},\"monthly\":{\"usedPercent\":40,\"secondsRemaining\":600}}}}";
        QuotaSnapshot q = probe.probe(Plugin.key("fk-1"));
        assertTrue(q.exhausted());
        assertEquals(end, q.resetsAt());
    }

    @Test
    void fallsBackToSubscriptionUsageThenChatUsage() throws Exception {
        fake.limitsBody = "{\"usesTokenRateLimitsBilling\":false,\"limits\":{}}";
        QuotaSnapshot q = probe.probe(Plugin.key("fk-1"));
        assertEquals(5_000_000.0, q.used());
        assertEquals(20_000_000.0, q.limit());
        assertEquals("tokens", q.unit());
        assertEquals(clock.instant().plusSeconds(20 * 86400), q.resetsAt());
        assertEquals("{\"useCache\":true}", fake.last(FakeFactory.SUBSCRIPTION_USAGE).bodyText());

        fake.billingStatus(FakeFactory.LIMITS, 404).billingStatus(FakeFactory.SUBSCRIPTION_USAGE, 404);
        assertEquals("tokens", probe.probe(Plugin.key("fk-1")).unit());
        assertEquals(1, fake.requests(FakeFactory.CHAT_USAGE).size());
    }

    @Test
    void aRejectedCredentialFailsTheCheckAndAnAcceptedOneWithoutFiguresPasses() throws Exception {
        fake.fault("fk-dead", FakeFactory.Fault.UNAUTHORIZED_401);
        AccountHealthCheck check = plugin.provider.healthCheck().orElseThrow();
        HealthReport dead = check.check(Plugin.key("fk-dead"));
        assertEquals(Verdict.UNHEALTHY, dead.verdict());
        assertEquals(ErrorKind.UPSTREAM_AUTH, dead.failure().kind());
        fake.limitsBody = "{}";
        fake.usageBody = "{\"usage\":{}}";
        HealthReport accepted = check.check(Plugin.key("fk-1"));
        assertEquals(Verdict.HEALTHY, accepted.verdict(), "accepted, no figures");
        assertNull(accepted.quota());
    }

    /** A relay that forwards only the chat paths, or a billing outage, must not take healthy accounts out. */
    @Test
    void billingEndpointsThatProveNothingAreUnknown() throws Exception {
        AccountHealthCheck check = plugin.provider.healthCheck().orElseThrow();
        fake.billingStatus(FakeFactory.LIMITS, 404).billingStatus(FakeFactory.SUBSCRIPTION_USAGE, 404)
                .billingStatus(FakeFactory.CHAT_USAGE, 404);
        HealthReport missing = check.check(Plugin.key("fk-1"));
        assertEquals(Verdict.UNKNOWN, missing.verdict());
        assertTrue(missing.detail().contains("relay"), missing.detail());
        fake.billingStatus(FakeFactory.LIMITS, 500).billingStatus(FakeFactory.SUBSCRIPTION_USAGE, 502)
                .billingStatus(FakeFactory.CHAT_USAGE, 503);
        assertEquals(Verdict.UNKNOWN, check.check(Plugin.key("fk-1")).verdict());
        for (String path : new String[]{FakeFactory.LIMITS, FakeFactory.CHAT_USAGE}) {
            fake.http.on("GET", path, (r, x) -> x.status(path.equals(FakeFactory.LIMITS) ? 200 : 403)
                    .header("content-type", "text/html").send("<html>relay: not forwarded</html>"));
        }
        fake.billingStatus(FakeFactory.SUBSCRIPTION_USAGE, 404);
        assertEquals(Verdict.UNKNOWN, check.check(Plugin.key("fk-1")).verdict(),
                "an HTML 200 and an HTML 403 are the relay speaking, not Factory");
    }

    @Test
    void billingFaultsAboutTheAccountAreUnhealthy() throws Exception {
        AccountHealthCheck check = plugin.provider.healthCheck().orElseThrow();
        fake.billingStatus(FakeFactory.LIMITS, 402);
        assertEquals(ErrorKind.UPSTREAM_QUOTA_EXHAUSTED, check.check(Plugin.key("fk-1")).failure().kind());
        fake.billingStatus(FakeFactory.LIMITS, 429);
        assertEquals(ErrorKind.UPSTREAM_RATE_LIMITED, check.check(Plugin.key("fk-1")).failure().kind());
        fake.billingStatus(FakeFactory.LIMITS, 403);
        assertEquals(ErrorKind.UPSTREAM_AUTH, check.check(Plugin.key("fk-1")).failure().kind(),
                "a JSON 403 from Factory's billing API: a blocked account");
    }

    @Test
    void refreshTokenAccountsProbeWithTheirAccessToken() throws Exception {
        String access = fake.jwt(clock.instant().plusSeconds(3600));
        fake.acceptAccessToken(access, clock.instant().plusSeconds(3600));
        Account a = new Account(3, "factory", "rt", Json.createObjectBuilder().add("refresh-token", "rt")
                .add("access-token", access).build(), AccountState.ACTIVE, null);
        probe.probe(a);
        assertEquals("Bearer " + access, fake.last(FakeFactory.LIMITS).header("authorization"));
        Account noToken = new Account(4, "factory", "new", Json.createObjectBuilder().add("refresh-token", "rt").build(),
                AccountState.ACTIVE, null);
        assertTrue(assertThrows(GatewayException.class, () -> probe.probe(noToken)).kind().retryable());
    }

    @Test
    void theOptionalChatProbeAsksTheModelAndClassifiesLikeTraffic() throws Exception {
        Plugin chat = Plugin.of(fake, Jsons.parseObject("{\"health-probe\":\"chat\",\"health-probe-model\":"
                + "\"claude-haiku-4-5-20251001\"}"), clock, Map.of());
        AccountHealthCheck check = chat.provider.healthCheck().orElseThrow();
        assertEquals(Verdict.HEALTHY, check.check(Plugin.key("fk-1")).verdict());
        var body = fake.lastBody(FakeFactory.A);
        assertEquals("claude-haiku-4-5-20251001", body.getString("model"));
        assertTrue(body.getJsonArray("messages").getJsonObject(0).get("content").toString()
                .contains("Reply with exactly OK."), body.toString());
        assertEquals(16, body.getInt("max_tokens"));
        fake.fault("fk-broke", FakeFactory.Fault.PAYMENT_402);
        assertEquals(ErrorKind.UPSTREAM_QUOTA_EXHAUSTED, check.check(Plugin.key("fk-broke")).failure().kind());
        fake.fault("fk-busy", FakeFactory.Fault.OVERLOADED_503);
        assertEquals(Verdict.UNKNOWN, check.check(Plugin.key("fk-busy")).verdict(), "an overloaded upstream proves nothing");
    }
}
