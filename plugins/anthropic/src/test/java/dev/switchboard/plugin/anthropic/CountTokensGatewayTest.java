package dev.switchboard.plugin.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageTokensCount;
import dev.switchboard.kernel.pool.AccountPool;
import dev.switchboard.spi.AccountState;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.testkit.FakeUpstream;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /v1/messages/count_tokens} of Anthropic clients: relayed to an upstream that has it with only the declared
 * edits and its answer returned as it came ({@code x-gateway-token-count: upstream}); the gateway's estimate when the
 * instance is set to estimate or the upstream cannot count (404, 429, 5xx), and a rejected credential has the same
 * account effect as on a chat call. A count is never a failed request and never a usage row.
 */
class CountTokensGatewayTest {
    static final String COUNT = "{\"model\":\"claude-sonnet-4-5\",\"context_management\":{\"edits\":[]},"
            + "\"system\":\"You are terse.\",\"messages\":[{\"role\":\"user\",\"content\":\"How many tokens is this?\"}]}";

    @TempDir
    Path home;

    static AnthropicGateway gateway(Path home, FakeAnthropic fake, String extra, String... keys) throws Exception {
        return new AnthropicGateway(home, fake, AnthropicGateway.yaml("    count-tokens: upstream\n" + extra, keys));
    }

    HttpResponse<String> count(AnthropicGateway g) throws Exception {
        return g.send(g.post("/v1/messages/count_tokens", COUNT).header("anthropic-version", "2023-06-01")
                .header("anthropic-beta", "interleaved-thinking-2025-05-14,token-counting-2024-11-01"));
    }

    static AccountState state(AnthropicGateway g, String account) {
        AccountPool pool = g.gateway.providers().get("claude").pool();
        return pool.find(account).status().state();
    }

    @Test
    void upstreamCountIsReturnedAsItCameWithTheDeclaredEditsApplied() throws Exception {
        FakeAnthropic fake = new FakeAnthropic();
        fake.keys.add("sk-ant-k1");
        try (fake; AnthropicGateway g = gateway(home, fake, """
                    model-map: { "claude-*": vendor-large }
                    beta-headers: [ interleaved-thinking-2025-05-14 ]
                    drop-fields: [ context_management ]
                """, "k1")) {
            HttpResponse<String> r = count(g);
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("{\"input_tokens\":" + FakeAnthropic.UPSTREAM_COUNT + "}", r.body(), "the upstream's bytes");
            assertEquals("upstream", r.headers().firstValue("x-gateway-token-count").orElseThrow());

            assertEquals(1, fake.countCalls().size());
            FakeUpstream.Recorded sent = fake.countCalls().get(0);
            assertEquals("sk-ant-k1", sent.header("x-api-key"), "the account's credential");
            assertEquals("interleaved-thinking-2025-05-14", sent.header("anthropic-beta"), "the beta policy applied");
            JsonObject body = Jsons.parseObject(sent.body());
            assertEquals("vendor-large", body.getString("model"), "the model map applied");
            assertFalse(body.containsKey("context_management"), "drop-fields applied");
            assertEquals(Jsons.parseObject(COUNT).get("messages"), body.get("messages"));
            assertEquals(0, fake.calls().size(), "no /v1/messages call for a count");
            g.clientKeyNeverReachedTheUpstream();
            assertEquals(AccountState.ACTIVE, state(g, "k1"));
            assertEquals(0, g.gateway.providers().get("claude").pool().find("k1").requests(),
                    "a count is not a served chat request");
        }
    }

    @Test
    void anthropicJavaCountTokensGetsTheUpstreamCount() throws Exception {
        try (FakeAnthropic fake = new FakeAnthropic(); AnthropicGateway g = gateway(home, fake, "", "k1")) {
            AnthropicClient client = AnthropicOkHttpClient.builder().baseUrl(g.base()).apiKey(AnthropicGateway.GW_KEY)
                    .maxRetries(0).build();
            MessageTokensCount count = client.messages().countTokens(MessageCountTokensParams.builder()
                    .model("claude-sonnet-4-5").addUserMessage("How many tokens is this?").build());
            assertEquals(FakeAnthropic.UPSTREAM_COUNT, count.inputTokens());
            assertEquals(1, fake.countCalls().size());
        }
    }

    @Test
    void anEndpointWithoutCountTokensGetsTheEstimate() throws Exception {
        FakeAnthropic fake = new FakeAnthropic();
        fake.countTokens = FakeAnthropic.error(404, "not_found_error", "Not Found");
        try (fake; AnthropicGateway g = gateway(home, fake, "", "k1")) {
            HttpResponse<String> r = count(g);
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("estimated", r.headers().firstValue("x-gateway-token-count").orElseThrow());
            long tokens = Jsons.parseObject(r.body()).getJsonNumber("input_tokens").longValue();
            assertTrue(tokens > 0 && tokens != FakeAnthropic.UPSTREAM_COUNT, r.body());
            assertEquals(1, fake.countCalls().size(), "the upstream was asked first");
            assertEquals(AccountState.ACTIVE, state(g, "k1"), "a 404 never touches an account");
        }
    }

    @Test
    void aCountSlowerThanItsTimeoutIsEstimatedInsteadOfWaitingForTheChatTimeouts() throws Exception {
        FakeAnthropic fake = new FakeAnthropic();
        // The upstream takes 60 s to count; the instance's read and total timeouts (120 s, 10 min) are far longer
        // than the client waits (30 s), so only count-tokens-timeout can answer it in time.
        fake.countTokens = (r, x) -> x.pause(Duration.ofSeconds(60)).json("{\"input_tokens\":1}");
        try (fake; AnthropicGateway g = gateway(home, fake, "    count-tokens-timeout: 300ms\n", "k1")) {
            HttpResponse<String> r = g.send(g.post("/v1/messages/count_tokens", COUNT)
                    .header("anthropic-version", "2023-06-01").timeout(Duration.ofSeconds(30)));
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("estimated", r.headers().firstValue("x-gateway-token-count").orElseThrow());
            assertEquals(1, fake.countCalls().size(), "the upstream was asked");
            assertEquals(AccountState.ACTIVE, state(g, "k1"), "a slow count never touches an account");
        }
    }

    @Test
    void rateLimitsAndServerErrorsFallBackToTheEstimateAndLeaveTheAccountAlone() throws Exception {
        FakeAnthropic fake = new FakeAnthropic();
        try (fake; AnthropicGateway g = gateway(home, fake, "", "k1")) {
            for (FakeUpstream.Handler fault : new FakeUpstream.Handler[] {
                    FakeAnthropic.rateLimited("30", "2026-12-07T03:00:00Z"), FakeAnthropic.overloaded(),
                    FakeAnthropic.error(500, "api_error", "Internal server error"),
                    (r, x) -> x.status(200).header("content-type", "text/html").send("<html>proxy</html>")}) {
                fake.countTokens = fault;
                HttpResponse<String> r = count(g);
                assertEquals(200, r.statusCode(), r.body());
                assertEquals("estimated", r.headers().firstValue("x-gateway-token-count").orElseThrow());
                assertEquals(AccountState.ACTIVE, state(g, "k1"));
            }
            assertEquals(4, fake.countCalls().size());
        }
    }

    @Test
    void aRejectedCredentialMarksTheAccountAndTheCountIsEstimated() throws Exception {
        FakeAnthropic fake = new FakeAnthropic();
        fake.keys.add("sk-ant-good");
        try (fake; AnthropicGateway g = gateway(home, fake, "", "revoked")) {
            HttpResponse<String> r = count(g);
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("estimated", r.headers().firstValue("x-gateway-token-count").orElseThrow());
            assertEquals(AccountState.REAUTH_REQUIRED, state(g, "revoked"), "as a chat call's 401 would");
            assertFalse(r.body().contains("invalid x-api-key"), "the upstream's error never reaches the client");
        }
    }

    @Test
    void countTokensEstimateNeverCallsTheUpstream() throws Exception {
        FakeAnthropic fake = new FakeAnthropic();
        try (fake; AnthropicGateway g = new AnthropicGateway(home, fake, AnthropicGateway.yaml(
                "    count-tokens: estimate\n", "k1"))) {
            HttpResponse<String> r = count(g);
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("estimated", r.headers().firstValue("x-gateway-token-count").orElseThrow());
            assertNotEquals(FakeAnthropic.UPSTREAM_COUNT,
                    Jsons.parseObject(r.body()).getJsonNumber("input_tokens").longValue());
            assertTrue(fake.countCalls().isEmpty(), "never asked");
            assertNull(fake.http.requests().stream().filter(x -> x.path().contains("count")).findAny().orElse(null));
        }
    }
}
