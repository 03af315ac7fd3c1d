package dev.switchboard.plugin.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.kernel.pool.AccountPool;
import dev.switchboard.spi.AccountState;
import dev.switchboard.spi.json.Jsons;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two keys on one instance: each failure of the first key has its own account effect and the second key serves;
 * request errors are answered at once and cost no key anything.
 */
class FailoverGatewayTest {
    static final String SIMPLE = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":50,\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @TempDir
    Path home;

    static AnthropicGateway twoKeys(Path home, FakeAnthropic fake) throws Exception {
        fake.reply = FakeAnthropic.Reply.text("claude-sonnet-4-5", "served by good", 21, 5);
        return new AnthropicGateway(home, fake, AnthropicGateway.yaml("    strategy: oldest-first\n"
                + "    max-cooldown: 90s\n", "bad", "good"));
    }

    static List<String> keysTried(FakeAnthropic fake) {
        return fake.calls().stream().map(r -> r.header("x-api-key")).toList();
    }

    static AccountState state(AnthropicGateway g, String account) {
        AccountPool pool = g.gateway.providers().get("claude").pool();
        return pool.find(account).status().state();
    }

    @Test
    void eachFailureOfTheFirstKeyHasItsEffectAndTheSecondKeyServes() throws Exception {
        record Case(String name, dev.switchboard.testkit.FakeUpstream.Handler fault, AccountState after) {
        }
        for (Case c : List.of(
                new Case("overloaded", FakeAnthropic.overloaded(), AccountState.ACTIVE),
                new Case("unauthorized", FakeAnthropic.error(401, "authentication_error", "invalid x-api-key"),
                        AccountState.REAUTH_REQUIRED),
                new Case("forbidden", FakeAnthropic.error(403, "permission_error", "no access to this model"),
                        AccountState.REAUTH_REQUIRED),
                new Case("rate-limited", FakeAnthropic.rateLimited("30", "2099-01-01T00:00:00Z"), AccountState.COOLING),
                new Case("billing", FakeAnthropic.error(402, "billing_error", "credit balance too low"),
                        AccountState.EXHAUSTED))) {
            Path caseHome = Files.createDirectories(home.resolve(c.name()));
            FakeAnthropic fake = new FakeAnthropic();
            fake.byKey.put("sk-ant-bad", c.fault());
            try (fake; AnthropicGateway g = twoKeys(caseHome, fake)) {
                HttpResponse<String> r = g.send(g.post("/v1/messages", SIMPLE));
                assertEquals(200, r.statusCode(), c + ": " + r.body());
                assertTrue(r.body().contains("served by good"), c.name());
                assertEquals(List.of("sk-ant-bad", "sk-ant-good"), keysTried(fake), c.name());
                assertEquals(c.after(), state(g, "bad"), c.name());
                assertEquals(AccountState.ACTIVE, state(g, "good"), c.name());
            }
        }
    }

    @Test
    void aRateLimitCoolsForRetryAfterCappedByMaxCooldown() throws Exception {
        FakeAnthropic fake = new FakeAnthropic();
        fake.byKey.put("sk-ant-bad", FakeAnthropic.rateLimited(null, "2099-01-01T00:00:00Z"));
        fake.byKey.put("sk-ant-good", FakeAnthropic.rateLimited("5", "2099-01-01T00:00:00Z"));
        try (fake; AnthropicGateway g = twoKeys(home, fake)) {
            HttpResponse<String> r = g.send(g.post("/v1/messages", SIMPLE));
            assertEquals(429, r.statusCode(), r.body());
            assertEquals("rate_limit_error", Jsons.parseObject(r.body()).getJsonObject("error").getString("type"));
            long retry = Long.parseLong(r.headers().firstValue("retry-after").orElseThrow());
            assertTrue(retry >= 4 && retry <= 5, "the soonest key recovers in 5 s: " + retry);
            AccountPool pool = g.gateway.providers().get("claude").pool();
            var bad = pool.find("bad").status();
            assertEquals(AccountState.COOLING, bad.state());
            assertTrue(bad.until() != null && bad.until().isBefore(java.time.Instant.now().plusSeconds(91)),
                    "a reset decades ahead is capped at max-cooldown: " + bad.until());
        }
    }

    @Test
    void requestErrorsAreAnsweredAtOnceAndCostNoKeyAnything() throws Exception {
        FakeAnthropic fake = new FakeAnthropic();
        fake.byKey.put("sk-ant-bad", FakeAnthropic.error(400, "invalid_request_error",
                "prompt is too long: 210000 tokens > 200000 maximum"));
        try (fake; AnthropicGateway g = twoKeys(home, fake)) {
            HttpResponse<String> r = g.send(g.post("/v1/messages", SIMPLE));
            assertEquals(400, r.statusCode(), r.body());
            assertEquals("invalid_request_error", Jsons.parseObject(r.body()).getJsonObject("error").getString("type"));
            assertEquals(1, fake.calls().size(), "too long is too long on every key");
            assertEquals(AccountState.ACTIVE, state(g, "bad"));
        }
    }

    @Test
    void anErrorEventMidStreamReachesTheClientInBand() throws Exception {
        FakeAnthropic fake = new FakeAnthropic();
        fake.next.add(FakeAnthropic.errorEventAfter("claude-sonnet-4-5", "partial", "overloaded_error"));
        try (fake; AnthropicGateway g = twoKeys(home, fake)) {
            HttpResponse<String> r = g.send(g.post("/v1/messages", SIMPLE));
            assertEquals(200, r.statusCode());
            assertTrue(r.body().contains("partial"));
            assertTrue(r.body().contains("event: error") && r.body().contains("overloaded_error"), r.body());
        }
    }
}
