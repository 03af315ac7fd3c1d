package dev.switchboard.plugin.openaicompat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.kernel.pool.AccountPool;
import dev.switchboard.kernel.store.UsageGroupBy;
import dev.switchboard.kernel.store.UsageReport;
import dev.switchboard.spi.AccountState;
import dev.switchboard.spi.json.Jsons;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two keys in one pool (issue 5 tests): the backend's verdict on the first key decides what the kernel does with
 * it, and the request succeeds on the second.
 */
class PoolFailoverGatewayTest {
    @TempDir
    Path home;

    private static final String SIMPLE = "{\"model\":\"claude-opus-5-5\",\"max_tokens\":50,\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private static CompatGateway twoKeys(Path home) throws Exception {
        return new CompatGateway(home, CompatGateway.yaml("    strategy: oldest-first\n", CompatGateway.ROUTES,
                "bad", "good"));
    }

    /** The first key fails with {@code status}/{@code fixture}; the second answers. */
    private static void script(CompatGateway g, int status, String fixture, String... headers) {
        g.onChat((req, ex) -> {
            if ("Bearer sk-bad".equals(req.header("authorization"))) {
                FakeOpenAi.json(status, new String(ErrorClassifierTest.fixture(fixture)), headers).handle(req, ex);
                return;
            }
            FakeOpenAi.stream(ChatSse.text("backend-model", 21, 5, "served by good")).handle(req, ex);
        });
    }

    private static List<String> keysTried(CompatGateway g) {
        return g.chatRequests().stream().map(r -> r.header("authorization")).toList();
    }

    private static AccountState state(CompatGateway g, String account) {
        AccountPool pool = g.gateway.providers().get("compat").pool();
        return pool.find(account).status().state();
    }

    /** Usage rows grouped by account; polled because the row is written just after the client has the answer. */
    private static UsageReport usageByAccount(CompatGateway g) throws InterruptedException {
        UsageReport r = null;
        for (int i = 0; i < 50; i++) {
            r = g.gateway.store().usage().query(UsageGroupBy.ACCOUNT, Instant.now().minusSeconds(600),
                    Instant.now().plusSeconds(60));
            if (r.total().requests() > 0) {
                break;
            }
            Thread.sleep(40);
        }
        return r;
    }

    @Test
    void aRateLimitedFirstKeyCoolsAndTheSecondServes() throws Exception {
        try (CompatGateway g = twoKeys(home)) {
            script(g, 429, "openai-rate-limit.json", "retry-after", "30");
            HttpResponse<String> r = g.send(g.post("/v1/messages", SIMPLE));
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("served by good", CompatGateway.accumulate(r.body()).content().get(0).asText().text());
            assertEquals(1, r.body().split("event: message_start").length - 1, "one clean answer");
            assertEquals(List.of("Bearer sk-bad", "Bearer sk-good"), keysTried(g));
            assertEquals(AccountState.COOLING, state(g, "bad"));
            assertEquals(AccountState.ACTIVE, state(g, "good"));
            AccountPool pool = g.gateway.providers().get("compat").pool();
            assertEquals(1, pool.find("good").requests(), "the serving key is the one charged");
            assertEquals(26, pool.find("good").tokens());
            assertEquals(0, pool.find("bad").tokens());
            UsageReport usage = usageByAccount(g);
            assertEquals(List.of("compat/good"), usage.groups().stream().map(UsageReport.Group::key).toList(),
                    "the usage row names the key that served");
            assertEquals(21, usage.total().inputTokens());
            assertEquals(5, usage.total().outputTokens());

            // The cooling key is skipped while it cools: the next request goes straight to the good one.
            g.fake.clearRequests();
            assertEquals(200, g.send(g.post("/v1/messages", SIMPLE)).statusCode());
            assertEquals(List.of("Bearer sk-good"), keysTried(g));
        }
    }

    @Test
    void quotaAuthAndServerErrorsFailOverWithTheirOwnAccountEffects() throws Exception {
        record Case(int status, String fixture, AccountState after) {
        }
        for (Case c : List.of(new Case(429, "openai-insufficient-quota.json", AccountState.EXHAUSTED),
                new Case(402, "deepseek-insufficient-balance.json", AccountState.EXHAUSTED),
                new Case(401, "openai-invalid-api-key.json", AccountState.REAUTH_REQUIRED),
                new Case(400, "gemini-api-key-invalid.json", AccountState.REAUTH_REQUIRED),
                new Case(500, "openai-server-error.json", AccountState.ACTIVE))) {
            // A fresh home per case: account states are durable in the store.
            Path caseHome = java.nio.file.Files.createDirectories(home.resolve(c.fixture + "-" + c.status));
            try (CompatGateway g = twoKeys(caseHome)) {
                script(g, c.status, c.fixture);
                HttpResponse<String> r = g.send(g.post("/v1/messages", SIMPLE));
                assertEquals(200, r.statusCode(), c + ": " + r.body());
                assertTrue(r.body().contains("served by good"), c.toString());
                assertEquals(List.of("Bearer sk-bad", "Bearer sk-good"), keysTried(g), c.toString());
                assertEquals(c.after, state(g, "bad"), c.toString());
            }
        }
    }

    @Test
    void clientErrorsAreNotRetriedAndNeverPenaliseTheKey() throws Exception {
        try (CompatGateway g = twoKeys(home)) {
            script(g, 400, "deepseek-context.json");
            HttpResponse<String> r = g.send(g.post("/v1/messages", SIMPLE));
            assertEquals(400, r.statusCode(), r.body());
            assertEquals("invalid_request_error", Jsons.parseObject(r.body()).getJsonObject("error").getString("type"));
            assertEquals(1, g.chatRequests().size(), "a prompt that is too long is too long on every key");
            assertEquals(AccountState.ACTIVE, state(g, "bad"));
        }
    }

    @Test
    void whenEveryKeyIsLimitedTheClientGets429WithTheSoonestRecovery() throws Exception {
        try (CompatGateway g = twoKeys(home)) {
            g.onChat((req, ex) -> FakeOpenAi.json(429, "{\"error\":{\"message\":\"slow down\",\"code\":\"rate_limit_exceeded\"}}",
                    "retry-after", "Bearer sk-bad".equals(req.header("authorization")) ? "40" : "8").handle(req, ex));
            HttpResponse<String> r = g.send(g.post("/v1/messages", SIMPLE));
            assertEquals(429, r.statusCode(), r.body());
            assertEquals("rate_limit_error", Jsons.parseObject(r.body()).getJsonObject("error").getString("type"));
            long ra = Long.parseLong(r.headers().firstValue("retry-after").orElseThrow());
            assertTrue(ra >= 7 && ra <= 8, "the soonest key recovers in 8 s: " + ra);
            assertEquals(2, g.chatRequests().size());
        }
    }

    @Test
    void aConnectionCutBeforeTheFirstContentFailsOverToo() throws Exception {
        try (CompatGateway g = twoKeys(home)) {
            g.onChat((req, ex) -> {
                if ("Bearer sk-bad".equals(req.header("authorization"))) {
                    ex.status(200).header("content-type", "text/event-stream");
                    ex.cut();
                    return;
                }
                FakeOpenAi.stream(ChatSse.text("m", 1, 1, "served by good")).handle(req, ex);
            });
            HttpResponse<String> r = g.send(g.post("/v1/messages", SIMPLE));
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.body().contains("served by good"));
            assertEquals(List.of("Bearer sk-bad", "Bearer sk-good"), keysTried(g));
        }
    }
}
