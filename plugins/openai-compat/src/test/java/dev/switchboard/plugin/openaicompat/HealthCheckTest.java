package dev.switchboard.plugin.openaicompat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.AccountHealthCheck;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.HealthReport;
import dev.switchboard.spi.HealthReport.Verdict;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.testkit.FakeUpstream;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The scheduled probe, {@code GET /models} or a one-token completion: healthy, unhealthy only on evidence about the
 * key (401, a 403 naming it, 402, 429), unknown for anything that proves nothing.
 */
class HealthCheckTest {
    private final FakeOpenAi fake = new FakeOpenAi();

    @AfterEach
    void close() {
        fake.close();
    }

    private static AccountHealthCheck probe(TestCompat c) {
        return c.provider.healthCheck().orElseThrow();
    }

    private HealthReport checkWith(TestCompat c, FakeUpstream.Handler models) {
        fake.onModels(models);
        return probe(c).check(TestCompat.key1());
    }

    @Test
    void modelsModeListsModelsWithTheAccountsKey() throws Exception {
        fake.onModels(FakeOpenAi.json(200, "{\"object\":\"list\",\"data\":[{\"id\":\"deepseek-chat\",\"object\":\"model\"}]}"));
        TestCompat c = TestCompat.create(TestCompat.config(fake.baseUrl()));
        HealthReport r = probe(c).check(TestCompat.key1());
        assertEquals(Verdict.HEALTHY, r.verdict());
        assertNull(r.quota(), "OpenAI-compatible backends report no quota figures");
        FakeUpstream.Recorded req = fake.server.requests(FakeOpenAi.MODELS).get(0);
        assertEquals("GET", req.method());
        assertEquals("Bearer sk-test-1", req.header("authorization"));
        assertEquals(0, fake.chatRequests().size(), "the default probe spends no tokens");
    }

    @Test
    void evidenceAboutTheKeyIsUnhealthyWithTheFailuresAccountEffect() throws Exception {
        TestCompat c = TestCompat.create(TestCompat.config(fake.baseUrl()));
        HealthReport unauthorized = checkWith(c, FakeOpenAi.json(401,
                new String(ErrorClassifierTest.fixture("openai-invalid-api-key.json"))));
        assertEquals(Verdict.UNHEALTHY, unauthorized.verdict());
        assertEquals(ErrorKind.UPSTREAM_AUTH, unauthorized.failure().kind());
        HealthReport leaked = checkWith(c, FakeOpenAi.json(403,
                new String(ErrorClassifierTest.fixture("gemini-permission-denied.json"))));
        assertEquals(ErrorKind.UPSTREAM_AUTH, leaked.failure().kind(), "a 403 that names the key's permission");
        HealthReport limited = checkWith(c, FakeOpenAi.json(429, "{\"error\":{\"message\":\"slow\"}}", "retry-after", "3"));
        assertEquals(ErrorKind.UPSTREAM_RATE_LIMITED, limited.failure().kind());
        assertEquals(3, limited.failure().retryAfter().toSeconds());
        assertEquals(ErrorKind.UPSTREAM_QUOTA_EXHAUSTED, checkWith(c, FakeOpenAi.json(402,
                "{\"error\":{\"message\":\"Insufficient Balance\"}}")).failure().kind());
    }

    /** An inconclusive probe must never take a working key out of service. */
    @Test
    void answersThatProveNothingAboutTheKeyAreUnknown() throws Exception {
        TestCompat c = TestCompat.create(TestCompat.config(fake.baseUrl()));
        HealthReport html = checkWith(c, (req, ex) -> ex.status(200).header("content-type", "text/html")
                .send("<html>login</html>"));
        assertEquals(Verdict.UNKNOWN, html.verdict(), "a captive portal is not a model list");
        assertTrue(html.detail().contains("not JSON"), html.detail());
        assertEquals(Verdict.UNKNOWN, checkWith(c, FakeOpenAi.json(200, "{\"object\":\"list\"}")).verdict(),
                "JSON without data");
        assertEquals(Verdict.UNKNOWN, checkWith(c, FakeOpenAi.json(500, "{\"error\":{\"message\":\"boom\"}}")).verdict());
        assertEquals(Verdict.UNKNOWN, checkWith(c, FakeOpenAi.json(503, "<html>busy</html>")).verdict());
        assertEquals(Verdict.UNKNOWN, checkWith(c, FakeOpenAi.json(404, "{\"error\":\"no /models here\"}")).verdict(),
                "a backend without a model list");
        assertEquals(Verdict.UNKNOWN, checkWith(c, (req, ex) -> ex.status(403).header("content-type", "text/html")
                .send("<html>blocked by the firewall</html>")).verdict(), "a bare 403 from a proxy");
        for (HealthReport r : new HealthReport[]{html}) {
            assertNull(r.failure(), "nothing to apply to the account");
        }
    }

    @Test
    void anUnreachableBackendIsUnknown() throws Exception {
        String dead = fake.baseUrl();
        fake.close();
        TestCompat c = TestCompat.create(TestCompat.config(dead));
        HealthReport r = probe(c).check(TestCompat.key1());
        assertEquals(Verdict.UNKNOWN, r.verdict());
        assertTrue(r.detail().startsWith("upstream_connection"), r.detail());
    }

    @Test
    void completionModeAsksForOneToken() throws Exception {
        fake.onChat(FakeOpenAi.json(200, ChatSse.completion("deepseek-chat", "ok", 12, 1)));
        TestCompat c = TestCompat.create(TestCompat.config(fake.baseUrl()).add("profile", "openai")
                .add("health-check-mode", "completion").add("health-check-model", "gpt-4o-mini"));
        assertEquals(Verdict.HEALTHY, probe(c).check(TestCompat.key1()).verdict());
        JsonObject body = fake.lastChat();
        assertEquals("gpt-4o-mini", body.getString("model"));
        assertEquals(1, body.getInt("max_completion_tokens"), "the profile's token field");
        assertFalse(body.getBoolean("stream"));

        fake.onChat(FakeOpenAi.json(200, "{\"error\":{\"message\":\"quota\",\"code\":\"insufficient_quota\"}}"));
        HealthReport quota = probe(c).check(TestCompat.key1());
        assertEquals(ErrorKind.UPSTREAM_QUOTA_EXHAUSTED, quota.failure().kind(), "an error inside a 200 counts too");
        assertEquals("gpt-4o-mini", Jsons.str(fake.lastChat(), "model"));
        fake.onChat(FakeOpenAi.json(200, "not json at all"));
        assertEquals(Verdict.UNKNOWN, probe(c).check(TestCompat.key1()).verdict());
    }
}
