package dev.switchboard.plugin.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.kernel.store.UsageGroupBy;
import dev.switchboard.kernel.store.UsageReport;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.testkit.Fixtures;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Claude Code's captured requests through the gateway to the fake Anthropic API: relayed with only the declared edits,
 * the answer's bytes untouched and tapped for usage; a compatible vendor under a path prefix with a model map and
 * stripped betas; count_tokens answered by the gateway; a conversation with another upstream's thinking converted so
 * the strict upstream accepts it.
 */
class ClaudeCodeGatewayTest {
    @TempDir
    Path home;

    static UsageReport usage(AnthropicGateway g) throws InterruptedException {
        UsageReport r = null;
        for (int i = 0; i < 100; i++) {
            r = g.gateway.store().usage().query(UsageGroupBy.ACCOUNT, Instant.now().minusSeconds(600),
                    Instant.now().plusSeconds(60));
            if (r.total().requests() > 0) {
                break;
            }
            Thread.sleep(40);
        }
        return r;
    }

    @ParameterizedTest
    @ValueSource(strings = {"say-hi", "tool-use-turn1", "tool-result-turn2"})
    void claudeCodeCapturesAreRelayedByteForByte(String capture) throws Exception {
        FakeAnthropic fake = new FakeAnthropic();
        fake.keys.add("sk-ant-k1");
        fake.reply = FakeAnthropic.Reply.toolUse("claude-opus-5-5", "toolu_01", "Bash", "{\"command\":\"ls\"}");
        try (fake; AnthropicGateway g = new AnthropicGateway(home, fake, AnthropicGateway.yaml("", "k1"))) {
            Fixtures.Capture cap = Fixtures.claudeCode(capture);
            HttpResponse<String> r = g.send(g.capture(cap));
            assertEquals(200, r.statusCode(), r.body());
            JsonObject sent = fake.lastBody();
            boolean stream = Jsons.bool(cap.body(), "stream");
            assertEquals(stream ? fake.reply.sse().body() : fake.reply.unary(), r.body(), "the upstream's bytes, untouched");
            assertEquals(cap.body(), sent, "no model map, no clamp: the client's body exactly");
            assertEquals("sk-ant-k1", fake.last().header("x-api-key"));
            assertEquals(cap.headers().get("anthropic-beta").replace(",", ", ").replace(",  ", ", "),
                    fake.last().header("anthropic-beta"));
            g.clientKeyNeverReachedTheUpstream();
            UsageReport usage = usage(g);
            assertEquals(List.of("claude/k1"), usage.groups().stream().map(UsageReport.Group::key).toList());
            assertEquals(20, usage.total().inputTokens(), "the relayed answer is tapped for usage");
            assertEquals(9, usage.total().outputTokens());
        }
    }

    @Test
    void aCompatibleVendorGetsItsModelClampedTokensAndNoBetas() throws Exception {
        FakeAnthropic fake = new FakeAnthropic("/anthropic");
        fake.reply = FakeAnthropic.Reply.text("deepseek-chat", "Hi from DeepSeek", 30, 5);
        String extra = """
                    model-map: { "claude-*": deepseek-chat }
                    max-output-tokens: { deepseek-chat: 8192 }
                    beta-headers: strip
                """;
        try (fake; AnthropicGateway g = new AnthropicGateway(home, fake, AnthropicGateway.yaml(extra, "ds"))) {
            Fixtures.Capture cap = Fixtures.claudeCode("say-hi");
            HttpResponse<String> r = g.send(g.capture(cap));
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.body().contains("Hi from DeepSeek"));
            JsonObject sent = fake.lastBody();
            assertEquals("/anthropic/v1/messages", fake.last().path());
            assertEquals("deepseek-chat", sent.getString("model"));
            assertTrue(sent.getInt("max_tokens") <= 8192, sent.toString());
            assertEquals(cap.body().get("messages"), sent.get("messages"));
            assertEquals(null, fake.last().header("anthropic-beta"));
        }
    }

    @Test
    void countTokensIsAnsweredByTheGatewayAsAnEstimate() throws Exception {
        FakeAnthropic fake = new FakeAnthropic();
        try (fake; AnthropicGateway g = new AnthropicGateway(home, fake, AnthropicGateway.yaml("", "k1"))) {
            HttpResponse<String> r = g.send(g.capture(Fixtures.claudeCode("count-tokens")));
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(Jsons.parseObject(r.body()).getInt("input_tokens") > 0, r.body());
            assertEquals("estimated", r.headers().firstValue("x-gateway-token-count").orElseThrow());
            assertEquals(0, fake.calls().size(), "no upstream call for a count");
        }
    }

    @Test
    void anotherUpstreamsThinkingIsDroppedAndThisOnesKept() throws Exception {
        FakeAnthropic fake = new FakeAnthropic();
        fake.strictSignatures = true;
        fake.reply = FakeAnthropic.Reply.thinking("claude-sonnet-4-5", "pondering", "sig-anthropic-1", "Answer one.");
        try (fake; AnthropicGateway g = new AnthropicGateway(home, fake, AnthropicGateway.yaml("", "k1"))) {
            String first = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":2000,\"thinking\":{\"type\":\"enabled\","
                    + "\"budget_tokens\":1024},\"messages\":[{\"role\":\"user\",\"content\":\"q1\"}]}";
            HttpResponse<String> r1 = g.send(g.post("/v1/messages", first).header("anthropic-version", "2023-06-01"));
            assertEquals(200, r1.statusCode(), r1.body());
            String signature = Jsons.parseObject(r1.body()).getJsonArray("content").getJsonObject(0).getString("signature");
            assertEquals("sig-anthropic-1", signature, "this upstream's own signature reaches the client unchanged");

            String history = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":2000,\"thinking\":{\"type\":\"enabled\","
                    + "\"budget_tokens\":1024},\"messages\":[{\"role\":\"user\",\"content\":\"q1\"},"
                    + "{\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"t\",\"signature\":\"%s\"},"
                    + "{\"type\":\"text\",\"text\":\"a1\"}]},{\"role\":\"user\",\"content\":\"q2\"}]}";
            HttpResponse<String> own = g.send(g.post("/v1/messages", history.formatted(signature))
                    .header("anthropic-version", "2023-06-01"));
            assertEquals(200, own.statusCode(), "its own signature, relayed to the client as it was, is kept: "
                    + own.body());
            assertTrue(fake.last().bodyText().contains("sig-anthropic-1"));

            HttpResponse<String> foreign = g.send(g.post("/v1/messages",
                    history.formatted("swb1:kiro:thinking-signature:kiro-sig-9")).header("anthropic-version", "2023-06-01"));
            assertEquals(200, foreign.statusCode(), "a foreign signature is dropped, so the upstream accepts: "
                    + foreign.body());
            assertFalse(fake.last().bodyText().contains("kiro-sig-9"));
            assertTrue(fake.last().bodyText().contains("a1"), "the rest of the history is kept");
        }
    }
}
