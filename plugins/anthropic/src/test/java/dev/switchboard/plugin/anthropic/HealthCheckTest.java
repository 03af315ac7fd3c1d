package dev.switchboard.plugin.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.HealthReport;
import dev.switchboard.spi.HealthReport.Verdict;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.testkit.FakeUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The probe: {@code GET /v1/models} validates a key without spending tokens; a completion probe for endpoints without
 * a model list; unhealthy only on evidence about the key; a probe that cannot decide leaves the account as it is.
 */
class HealthCheckTest {
    private final FakeAnthropic fake = new FakeAnthropic();

    @AfterEach
    void close() {
        fake.close();
    }

    private HealthReport check(jakarta.json.JsonObjectBuilder config) throws Exception {
        return TestAnthropic.create(config).provider.healthCheck().orElseThrow()
                .check(TestAnthropic.apiKey("k1", "sk-ant-good"));
    }

    @Test
    void theModelListValidatesTheKeyWithoutSpendingTokens() throws Exception {
        fake.keys.add("sk-ant-good");
        assertEquals(Verdict.HEALTHY, check(TestAnthropic.config(fake.baseUrl())).verdict());
        FakeUpstream.Recorded probe = fake.http.requests(FakeAnthropic.MODELS).get(0);
        assertEquals("sk-ant-good", probe.header("x-api-key"));
        assertEquals("2023-06-01", probe.header("anthropic-version"));
        assertEquals(0, fake.calls().size(), "no completion was spent");
    }

    @Test
    void aRejectedKeyIsUnhealthy() throws Exception {
        fake.keys.add("sk-ant-other");
        HealthReport r = check(TestAnthropic.config(fake.baseUrl()));
        assertEquals(Verdict.UNHEALTHY, r.verdict());
        assertEquals(ErrorKind.UPSTREAM_AUTH, r.failure().kind());
    }

    @Test
    void probesThatCannotDecideLeaveTheAccountAlone() throws Exception {
        fake.http.on("GET", FakeAnthropic.MODELS, (r, x) -> x.status(404).json(
                "{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"Not Found\"}}"));
        HealthReport missing = check(TestAnthropic.config(fake.baseUrl()));
        assertEquals(Verdict.UNKNOWN, missing.verdict());
        assertTrue(missing.detail().contains("health-check-mode: completion"), missing.detail());
        fake.http.on("GET", FakeAnthropic.MODELS, (r, x) -> x.status(200).header("content-type", "text/html")
                .send("<html>relay</html>"));
        assertEquals(Verdict.UNKNOWN, check(TestAnthropic.config(fake.baseUrl())).verdict());
        fake.http.on("GET", FakeAnthropic.MODELS, FakeAnthropic.overloaded());
        assertEquals(Verdict.UNKNOWN, check(TestAnthropic.config(fake.baseUrl())).verdict(), "a 529 proves nothing");
    }

    @Test
    void theCompletionProbeAsksForOneToken() throws Exception {
        FakeAnthropic compat = new FakeAnthropic("/anthropic");
        try (compat) {
            compat.reply = FakeAnthropic.Reply.text("deepseek-chat", "ok", 9, 1);
            // A builder empties itself when built: each probe gets a fresh one.
            java.util.function.Supplier<jakarta.json.JsonObjectBuilder> config = () -> TestAnthropic
                    .config(compat.baseUrl()).add("health-check-mode", "completion").add("model-map",
                            jakarta.json.Json.createObjectBuilder().add("claude-*", "deepseek-chat"));
            assertEquals(Verdict.HEALTHY, check(config.get()).verdict());
            var sent = compat.lastBody();
            assertEquals("deepseek-chat", sent.getString("model"));
            assertEquals(1, sent.getInt("max_tokens"));
            compat.next.add(FakeAnthropic.error(401, "authentication_error", "invalid key"));
            HealthReport rejected = check(config.get());
            assertEquals(Verdict.UNHEALTHY, rejected.verdict(), rejected.detail());
            compat.next.add((r, x) -> x.status(200).header("content-type", "text/html").send("<html>hi</html>"));
            assertEquals(Verdict.UNKNOWN, check(config.get()).verdict());
            assertTrue(Jsons.parseObject(compat.last().body()).containsKey("messages"));
        }
    }
}
