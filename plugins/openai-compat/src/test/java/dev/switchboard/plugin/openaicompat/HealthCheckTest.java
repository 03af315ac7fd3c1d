package dev.switchboard.plugin.openaicompat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.spi.AccountHealthCheck;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.testkit.FakeUpstream;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue item 5: the scheduled probe, {@code GET /models} or a one-token completion, classified like chat calls. */
class HealthCheckTest {
    private final FakeOpenAi fake = new FakeOpenAi();

    @AfterEach
    void close() {
        fake.close();
    }

    private static AccountHealthCheck probe(TestCompat c) {
        return c.provider.healthCheck().orElseThrow();
    }

    @Test
    void modelsModeListsModelsWithTheAccountsKey() throws Exception {
        fake.onModels(FakeOpenAi.json(200, "{\"object\":\"list\",\"data\":[{\"id\":\"deepseek-chat\",\"object\":\"model\"}]}"));
        TestCompat c = TestCompat.create(TestCompat.config(fake.baseUrl()));
        assertNull(probe(c).check(TestCompat.key1()), "OpenAI-compatible backends report no quota figures");
        FakeUpstream.Recorded r = fake.server.requests(FakeOpenAi.MODELS).get(0);
        assertEquals("GET", r.method());
        assertEquals("Bearer sk-test-1", r.header("authorization"));
        assertEquals(0, fake.chatRequests().size(), "the default probe spends no tokens");
    }

    @Test
    void failuresAreClassifiedSoTheKernelAppliesTheAccountEffect() throws Exception {
        TestCompat c = TestCompat.create(TestCompat.config(fake.baseUrl()));
        fake.onModels(FakeOpenAi.json(401, new String(ErrorClassifierTest.fixture("openai-invalid-api-key.json"))));
        assertEquals(ErrorKind.UPSTREAM_AUTH, assertThrows(GatewayException.class,
                () -> probe(c).check(TestCompat.key1())).kind());
        fake.onModels(FakeOpenAi.json(429, "{\"error\":{\"message\":\"slow\"}}", "retry-after", "3"));
        GatewayException limited = assertThrows(GatewayException.class, () -> probe(c).check(TestCompat.key1()));
        assertEquals(ErrorKind.UPSTREAM_RATE_LIMITED, limited.kind());
        assertEquals(3, limited.retryAfter().toSeconds());
        fake.onModels((req, ex) -> ex.status(200).header("content-type", "text/html").send("<html>login</html>"));
        assertEquals(ErrorKind.UPSTREAM_BAD_RESPONSE, assertThrows(GatewayException.class,
                () -> probe(c).check(TestCompat.key1())).kind(), "a captive portal is not a model list");
    }

    @Test
    void anUnreachableBackendIsAConnectionFailure() throws Exception {
        String dead = fake.baseUrl();
        fake.close();
        TestCompat c = TestCompat.create(TestCompat.config(dead));
        GatewayException e = assertThrows(GatewayException.class, () -> probe(c).check(TestCompat.key1()));
        assertEquals(ErrorKind.UPSTREAM_CONNECTION, e.kind());
    }

    @Test
    void completionModeAsksForOneToken() throws Exception {
        fake.onChat(FakeOpenAi.json(200, ChatSse.completion("deepseek-chat", "ok", 12, 1)));
        TestCompat c = TestCompat.create(TestCompat.config(fake.baseUrl()).add("profile", "openai")
                .add("health-check-mode", "completion").add("health-check-model", "gpt-4o-mini"));
        assertNull(probe(c).check(TestCompat.key1()));
        JsonObject body = fake.lastChat();
        assertEquals("gpt-4o-mini", body.getString("model"));
        assertEquals(1, body.getInt("max_completion_tokens"), "the profile's token field");
        assertFalse(body.getBoolean("stream"));

        fake.onChat(FakeOpenAi.json(200, "{\"error\":{\"message\":\"quota\",\"code\":\"insufficient_quota\"}}"));
        assertEquals(ErrorKind.UPSTREAM_QUOTA_EXHAUSTED, assertThrows(GatewayException.class,
                () -> probe(c).check(TestCompat.key1())).kind(), "an error inside a 200 counts too");
        assertEquals("gpt-4o-mini", Jsons.str(fake.lastChat(), "model"));
    }
}
