package dev.switchboard.plugin.kiro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.plugin.kiro.fake.ChatScript;
import dev.switchboard.plugin.kiro.fake.FakeKiro;
import dev.switchboard.plugin.kiro.fake.KiroTestEnv;
import dev.switchboard.spi.Account;
import dev.switchboard.spi.Dialect;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.UpstreamCall;
import dev.switchboard.spi.UpstreamResponse;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.spi.model.ChatResponse;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.Message;
import dev.switchboard.spi.model.StopReason;
import dev.switchboard.spi.model.UsageSource;
import dev.switchboard.spi.stream.Delta;
import dev.switchboard.spi.stream.StreamEvent;
import dev.switchboard.testkit.FakeUpstream;
import dev.switchboard.testkit.Fixtures;
import dev.switchboard.testkit.ProviderHarness;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One attempt at a time through the real transport against the fake Kiro: streaming, errors, faults, probes. */
class KiroProviderEndToEndTest {
    static final String SONNET = "claude-sonnet-4.5";
    KiroTestEnv env;

    @BeforeEach
    void start() throws Exception {
        env = new KiroTestEnv();
    }

    @AfterEach
    void stop() {
        env.close();
    }

    static ChatRequest readAFile() {
        return ChatRequest.builder("claude-sonnet-4-5").addMessage(Message.user("Read /src/a.txt")).build();
    }

    static ChatScript textThenTool() {
        return ChatScript.texts("I will ", "read the file.")
                .tool("tooluse_AbCdEfGhIjKlMnOpQrStUv", "Read", "{\"file_pa", "th\": \"/src/a.txt\"}")
                .metering(0.0456).context(2.5);
    }

    @Test
    void streamingIsIncrementalTheFirstTextArrivesBeforeTheUpstreamFinishes() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        env.fake.script(textThenTool().gate(gate).signalWhenFinished(finished));
        Account a = env.social("s1");
        UpstreamCall call = env.provider.prepare(readAFile().toBuilder().stream(true).build(), SONNET, a,
                ProviderHarness.client(Dialect.ANTHROPIC));
        assertTrue(call.streaming());
        List<StreamEvent> events = new ArrayList<>();
        try (UpstreamResponse res = env.ctx.transport().send(call.request())) {
            assertEquals(200, res.status());
            InputStream in = res.body();
            byte[] buf = new byte[4096];
            boolean sawText = false;
            int n;
            while (!sawText && (n = in.read(buf)) > 0) {
                for (StreamEvent e : call.decoder().onBytes(buf, 0, n)) {
                    events.add(e);
                    sawText |= e instanceof StreamEvent.BlockDelta d && d.delta() instanceof Delta.TextDelta;
                }
            }
            assertTrue(sawText, "a text delta arrived");
            assertEquals(1, finished.getCount(), "the upstream has not finished yet");
            gate.countDown();
            while ((n = in.read(buf)) > 0) {
                events.addAll(call.decoder().onBytes(buf, 0, n));
            }
            events.addAll(call.decoder().onEnd());
        }
        assertInstanceOf(StreamEvent.MessageStop.class, events.getLast());
        StreamEvent.BlockStart tool = events.stream().filter(e -> e instanceof StreamEvent.BlockStart s
                && s.block() instanceof ContentBlock.ToolUse).map(StreamEvent.BlockStart.class::cast).findFirst().orElseThrow();
        assertEquals("tooluse_AbCdEfGhIjKlMnOpQrStUv", ((ContentBlock.ToolUse) tool.block()).id(), "ids verbatim");
        assertEquals(2, events.stream().filter(e -> e instanceof StreamEvent.BlockDelta d
                && d.delta() instanceof Delta.InputJsonDelta).count(), "input fragments forwarded as they came");

        FakeUpstream.Recorded sent = env.fake.server().requests("/generateAssistantResponse").getFirst();
        assertEquals(FakeKiro.ARN, Jsons.parseObject(sent.body()).getString("profileArn"));
        assertEquals("vibe", sent.header("x-amzn-kiro-agent-mode"));
        assertTrue(sent.header("user-agent").contains("KiroIDE-0.7.5-"));
        assertTrue(sent.header("x-amz-user-agent").matches("aws-sdk-js/1\\.0\\.0 KiroIDE-0\\.7\\.5-[0-9a-f]{64}"));
    }

    @Test
    void nonStreamingRepliesCarryFullTextToolUseAndEstimatedUsage() throws GatewayException {
        env.fake.script(textThenTool().chunked(7));
        ChatResponse r = env.harness.unary(readAFile(), SONNET, env.social("s1"), ProviderHarness.client(Dialect.OPENAI_CHAT));
        assertEquals("I will read the file.", r.text());
        ContentBlock.ToolUse u = assertInstanceOf(ContentBlock.ToolUse.class, r.content().get(1));
        assertEquals(Jsons.parseObject("{\"file_path\":\"/src/a.txt\"}"), u.input());
        assertEquals(StopReason.TOOL_USE, r.stopReason());
        assertEquals(UsageSource.ESTIMATED, r.usage().source());
        assertEquals(5000, r.usage().inputTokens(), "2.5 % of 200 000");
        assertTrue(r.usage().outputTokens() > 0);
    }

    @Test
    void builderIdAccountsSendNoProfileArnAndTheStrictFakeAcceptsClaudeCodesToolTurn() throws GatewayException {
        Account b = env.builderId("b1", "us-east-1");
        env.fake.script(ChatScript.texts("Here are the files."));
        ChatRequest turn2 = AnthropicTestReader.read(Fixtures.claudeCodeBody("tool-result-turn2"));
        List<StreamEvent> events = env.harness.stream(turn2, SONNET, b, ProviderHarness.client(Dialect.ANTHROPIC));
        assertInstanceOf(StreamEvent.MessageStop.class, events.getLast(), events.toString());
        String body = env.fake.server().requests("/generateAssistantResponse").getFirst().bodyText();
        assertFalse(Jsons.parseObject(body).containsKey("profileArn"));
    }

    @Test
    void a403IsClassifiedAsAuthAndARefreshedTokenWorks() throws Exception {
        Account a = env.social("s1");
        env.fake.expire(a.credential("access-token"));
        GatewayException e = assertThrows(GatewayException.class,
                () -> env.harness.stream(readAFile(), SONNET, a, ProviderHarness.client(Dialect.ANTHROPIC)));
        assertEquals(ErrorKind.UPSTREAM_AUTH, e.kind());
        assertFalse(e.getMessage().contains(a.credential("access-token")), "no token in messages");
        // What the kernel does next: refresh once, persist, retry the same account.
        Account refreshed = env.ctx.credentials().update(a,
                env.provider.credentialRefresher().orElseThrow().refresh(a));
        List<StreamEvent> events = env.harness.stream(readAFile(), SONNET, refreshed,
                ProviderHarness.client(Dialect.ANTHROPIC));
        assertInstanceOf(StreamEvent.MessageStop.class, events.getLast());
    }

    @Test
    void upstreamErrorsAreClassified() {
        Account a = env.social("s1");
        Object[][] cases = {
                {ChatScript.error(400, "{\"message\":\"Improperly formed request.\",\"reason\":null}"), ErrorKind.INVALID_REQUEST},
                {ChatScript.error(400, "{\"message\":\"Input is too long.\",\"reason\":\"CONTENT_LENGTH_EXCEEDS_THRESHOLD\"}",
                        "x-amzn-errortype", "ValidationException"), ErrorKind.CONTEXT_TOO_LONG},
                {ChatScript.error(429, "{\"message\":\"Too many requests\"}", "x-amzn-errortype", "ThrottlingException"),
                        ErrorKind.UPSTREAM_RATE_LIMITED},
                {ChatScript.error(500, "{\"message\":\"Internal error\"}"), ErrorKind.UPSTREAM_SERVER}};
        for (Object[] c : cases) {
            env.fake.script((ChatScript) c[0]);
            GatewayException e = assertThrows(GatewayException.class,
                    () -> env.harness.stream(readAFile(), SONNET, a, ProviderHarness.client(Dialect.ANTHROPIC)));
            assertEquals(c[1], e.kind());
            if (e.kind() == ErrorKind.CONTEXT_TOO_LONG) {
                assertTrue(e.getMessage().matches("prompt is too long: \\d+ tokens > 200000 maximum"), e.getMessage());
            }
        }
    }

    @Test
    void streamFaultsEndWithAnErrorEventNeverEndTurn() throws GatewayException {
        Account a = env.social("s1");
        // Reset mid-frame after partial output: an error after content, no MessageStop.
        env.fake.script(ChatScript.texts("partial ", "answer").cutAfter(160));
        List<StreamEvent> cut = env.harness.stream(readAFile(), SONNET, a, ProviderHarness.client(Dialect.ANTHROPIC));
        assertInstanceOf(StreamEvent.MessageStart.class, cut.getFirst());
        StreamEvent.StreamError err = assertInstanceOf(StreamEvent.StreamError.class, cut.getLast());
        assertTrue(err.kind().isUpstream());
        assertFalse(cut.stream().anyMatch(e -> e instanceof StreamEvent.MessageDelta));

        // A bad CRC in the second frame.
        env.fake.script(ChatScript.texts("good", "bad").corrupt(130));
        List<StreamEvent> crc = env.harness.stream(readAFile(), SONNET, a, ProviderHarness.client(Dialect.ANTHROPIC));
        assertEquals(ErrorKind.UPSTREAM_BAD_RESPONSE, ((StreamEvent.StreamError) crc.getLast()).kind());
        assertFalse(crc.toString().contains("bad]"), "no garbage text");

        // A mid-stream exception frame.
        env.fake.script(ChatScript.texts("some").exception("ThrottlingException", "slow down"));
        List<StreamEvent> ex = env.harness.stream(readAFile(), SONNET, a, ProviderHarness.client(Dialect.ANTHROPIC));
        assertEquals(ErrorKind.UPSTREAM_RATE_LIMITED, ((StreamEvent.StreamError) ex.getLast()).kind());

        // ContentLengthExceededException: max_tokens, not an error.
        env.fake.script(ChatScript.texts("long").exception("ContentLengthExceededException", "too long"));
        List<StreamEvent> max = env.harness.stream(readAFile(), SONNET, a, ProviderHarness.client(Dialect.ANTHROPIC));
        assertEquals(StopReason.MAX_TOKENS, ((StreamEvent.MessageDelta) max.get(max.size() - 2)).stopReason());

        // No content at all and a reset before any content: pre-first-byte failures, no MessageStart.
        env.fake.script(ChatScript.of().metering(0.01));
        List<StreamEvent> empty = env.harness.stream(readAFile(), SONNET, a, ProviderHarness.client(Dialect.ANTHROPIC));
        assertEquals(List.of(new StreamEvent.StreamError(ErrorKind.UPSTREAM_BAD_RESPONSE, "empty upstream response")), empty);
        env.fake.script(ChatScript.texts("never seen").cutAfter(50));
        List<StreamEvent> early = env.harness.stream(readAFile(), SONNET, a, ProviderHarness.client(Dialect.ANTHROPIC));
        assertEquals(1, early.size());
        assertInstanceOf(StreamEvent.StreamError.class, early.getFirst());
    }

    @Test
    void gapsAndOneByteChunksDoNotChangeTheAnswer() throws GatewayException {
        Account a = env.social("s1");
        env.fake.script(ChatScript.texts("€uro", " ", "€uro").chunked(1).delay(Duration.ofMillis(1)));
        ChatResponse r = env.harness.unary(readAFile(), SONNET, a, ProviderHarness.client(Dialect.ANTHROPIC));
        assertEquals("€uro €uro", r.text());
        env.fake.script(ChatScript.texts("before", " after").delay(Duration.ofMillis(300)));
        assertEquals("before after", env.harness.unary(readAFile(), SONNET, a,
                ProviderHarness.client(Dialect.ANTHROPIC)).text());
    }

    @Test
    void anOversizeRequestNeverReachesTheUpstream() {
        Account a = env.social("s1");
        ChatRequest huge = ChatRequest.builder("claude-sonnet-4-5").addMessage(Message.user("z".repeat(1_300_000))).build();
        GatewayException e = assertThrows(GatewayException.class,
                () -> env.harness.stream(huge, SONNET, a, ProviderHarness.client(Dialect.ANTHROPIC)));
        assertEquals(ErrorKind.CONTEXT_TOO_LONG, e.kind());
        assertTrue(e.getMessage().startsWith("prompt is too long"));
        assertTrue(env.fake.server().requests("/generateAssistantResponse").isEmpty());
    }

    @Test
    void unknownModelsAreRejectedAndTableModelsResolve() {
        assertEquals("claude-haiku-4.5", env.provider.resolveModel("claude-haiku-4-5-20251001").orElseThrow());
        assertEquals("claude-sonnet-4.5", env.provider.resolveModel("claude-sonnet-4.5").orElseThrow());
        assertTrue(env.provider.resolveModel("gpt-4o").isEmpty());
        assertTrue(env.provider.models().contains("claude-opus-4-5"));
        GatewayException e = assertThrows(GatewayException.class, () -> env.provider.prepare(readAFile(), "gpt-4o",
                env.social("s1"), ProviderHarness.client(Dialect.ANTHROPIC)));
        assertEquals("Model gpt-4o is not supported", e.getMessage());
    }

    @Test
    void usageProbeAndHealthCheckReadTheUsageLimits() throws GatewayException {
        Account social = env.social("s1");
        var q = env.provider.usageProbe().orElseThrow().probe(social);
        assertEquals(250.0, q.used());
        assertEquals(1000.0, q.limit());
        assertEquals(java.time.Instant.ofEpochSecond(1_788_220_800L), q.resetsAt());
        assertTrue(env.fake.server().lastRequest().query().contains("profileArn="));
        Account builder = env.builderId("b1", "us-east-1");
        dev.switchboard.spi.HealthReport ok = env.provider.healthCheck().orElseThrow().check(builder);
        assertEquals(dev.switchboard.spi.HealthReport.Verdict.HEALTHY, ok.verdict());
        assertNotNull(ok.quota(), "the usage call brings the quota along");
        assertFalse(env.fake.server().lastRequest().query().contains("profileArn"));
        env.fake.expire(builder.credential("access-token"));
        dev.switchboard.spi.HealthReport rejected = env.provider.healthCheck().orElseThrow().check(builder);
        assertEquals(dev.switchboard.spi.HealthReport.Verdict.UNHEALTHY, rejected.verdict());
        assertEquals(ErrorKind.UPSTREAM_AUTH, rejected.failure().kind());
    }

    @Test
    void chatModeHealthCheckWantsANonEmptyAnswer() throws Exception {
        try (KiroTestEnv chat = new KiroTestEnv(new FakeKiro(),
                jakarta.json.Json.createObjectBuilder().add("health-check-mode", "chat"))) {
            Account a = chat.social("s1");
            chat.fake.script(ChatScript.texts("Hi!"));
            assertEquals(dev.switchboard.spi.HealthReport.Verdict.HEALTHY,
                    chat.provider.healthCheck().orElseThrow().check(a).verdict());
            String sent = chat.fake.server().requests("/generateAssistantResponse").getFirst().bodyText();
            assertTrue(sent.contains("\"content\":\"Hi\""));
            assertTrue(sent.contains("claude-haiku-4.5"));
            chat.fake.script(ChatScript.of());
            assertEquals(dev.switchboard.spi.HealthReport.Verdict.UNKNOWN,
                    chat.provider.healthCheck().orElseThrow().check(a).verdict(),
                    "an empty stream says nothing about the token");
            chat.fake.script(ChatScript.error(500, "{\"message\":\"boom\"}"));
            assertEquals(dev.switchboard.spi.HealthReport.Verdict.UNKNOWN,
                    chat.provider.healthCheck().orElseThrow().check(a).verdict());
            chat.fake.script(ChatScript.error(429, "{\"message\":\"slow\"}", "x-amzn-errortype", "ThrottlingException"));
            assertEquals(ErrorKind.UPSTREAM_RATE_LIMITED,
                    chat.provider.healthCheck().orElseThrow().check(a).failure().kind());
        }
    }
}
