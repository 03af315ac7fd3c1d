package dev.switchboard.plugin.kiro;

import static dev.switchboard.plugin.kiro.eventstream.EventStreamEncoder.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.plugin.kiro.fake.ChatScript;
import dev.switchboard.plugin.kiro.fake.KiroTestEnv;
import dev.switchboard.spi.Account;
import dev.switchboard.spi.AccountEffect;
import dev.switchboard.spi.Dialect;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.FlowState;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.spi.model.ChatResponse;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.Message;
import dev.switchboard.spi.model.Role;
import dev.switchboard.spi.model.UsageSource;
import dev.switchboard.spi.stream.StreamEvent;
import dev.switchboard.testkit.Fixtures;
import dev.switchboard.testkit.ProviderHarness;
import jakarta.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reference proxy's defects that apply at plugin level, one test per defect, against the
 * fake Kiro. Kernel-level items (pool, retries, admin) are the kernel's tests.
 */
class ReferenceProxyRegressionTest {
    static final jakarta.json.JsonObject EMPTY = jakarta.json.JsonValue.EMPTY_JSON_OBJECT;
    KiroTestEnv env;
    Account account;

    @BeforeEach
    void start() throws Exception {
        env = new KiroTestEnv();
        account = env.social("s1");
    }

    @AfterEach
    void stop() {
        env.close();
    }

    static ChatRequest hello() {
        return ChatRequest.builder("claude-sonnet-4-5").addMessage(Message.user("hello")).build();
    }

    List<StreamEvent> stream(ChatRequest r) throws GatewayException {
        return env.harness.stream(r, "claude-sonnet-4.5", account, ProviderHarness.client(Dialect.ANTHROPIC));
    }

    ChatResponse unary(ChatRequest r) throws GatewayException {
        return env.harness.unary(r, "claude-sonnet-4.5", account, ProviderHarness.client(Dialect.OPENAI_CHAT));
    }

    @Test
    void multiByteCharacterSplitAcrossReadsStaysIntact() throws GatewayException {
        env.fake.script(ChatScript.of().raw(KiroFixtures.hex(KiroFixtures.EURO_FRAME)).chunked(117));
        assertEquals("€uro", unary(hello()).text());
    }

    @Test
    void identicalConsecutiveDeltasAreAllForwarded() throws GatewayException {
        env.fake.script(ChatScript.texts("ha", "ha", "ha"));
        assertEquals(3, stream(hello()).stream().filter(e -> e instanceof StreamEvent.BlockDelta).count());
    }

    @Test
    void dispatchIsByEventTypeNotPayloadText() throws GatewayException {
        env.fake.script(ChatScript.of()
                .raw(event("assistantResponseEvent", "{\"toolUseId\":\"x\",\"content\":\"text that mentions toolUseId\"}"))
                .raw(event("codeReferenceEvent", "{\"content\":\"not an answer\",\"name\":\"Read\",\"toolUseId\":\"y\"}")));
        ChatResponse r = unary(hello());
        assertEquals("text that mentions toolUseId", r.text());
        assertEquals(1, r.content().size());
    }

    @Test
    void nonStreamingRepliesAreNeverEmpty() throws GatewayException {
        env.fake.script(ChatScript.texts("full ", "text").tool("tooluse_1", "Read", "{}"));
        ChatResponse r = unary(hello());
        assertEquals("full text", r.text());
        assertInstanceOf(ContentBlock.ToolUse.class, r.content().get(1));
    }

    @Test
    void usageIsNeverAllZeroAndIsLabelledEstimated() throws GatewayException {
        env.fake.script(ChatScript.texts("some answer"));
        ChatResponse r = unary(hello());
        assertTrue(r.usage().inputTokens() > 0 && r.usage().outputTokens() > 0, r.usage().toString());
        assertEquals(UsageSource.ESTIMATED, r.usage().source());
    }

    @Test
    void anArraySystemIsSentOnceAsText() throws GatewayException {
        env.fake.script(ChatScript.texts("ok"));
        stream(AnthropicTestReader.read(Fixtures.claudeCodeBody("say-hi")));
        String body = env.fake.server().lastRequest().bodyText();
        assertFalse(body.contains("[object Object]"));
        assertEquals(1, body.split("x-anthropic-billing-header", -1).length - 1);
    }

    @Test
    void errorsBeforeContentAreFailuresAndMidStreamExceptionsAreErrorEvents() throws GatewayException {
        env.fake.script(ChatScript.of().exception("ThrottlingException", "busy"));
        List<StreamEvent> before = stream(hello());
        assertEquals(1, before.size(), "no MessageStart: the kernel can still answer with a real status");
        assertEquals(ErrorKind.UPSTREAM_RATE_LIMITED, ((StreamEvent.StreamError) before.getFirst()).kind());
        env.fake.script(ChatScript.texts("half").exception("InternalServerException", "boom"));
        List<StreamEvent> after = stream(hello());
        assertInstanceOf(StreamEvent.StreamError.class, after.getLast());
        assertFalse(after.stream().anyMatch(e -> e instanceof StreamEvent.MessageDelta), "never end_turn");
    }

    @Test
    void aResetAfterPartialOutputEndsWithAnErrorAfterTheContent() throws GatewayException {
        env.fake.script(ChatScript.texts("first ", "second").cutAfter(150));
        List<StreamEvent> events = stream(hello());
        assertInstanceOf(StreamEvent.MessageStart.class, events.getFirst(), "content went out first");
        assertInstanceOf(StreamEvent.StreamError.class, events.getLast());
        assertEquals(1, env.fake.server().requests("/generateAssistantResponse").size(), "no retry inside the plugin");
    }

    @Test
    void nativeToolHistoryAndVerbatimIdsRoundTrip() throws GatewayException {
        env.fake.script(ChatScript.of().tool("tooluse_AbCdEfGhIjKlMnOpQrStUv", "Read", "{\"file_path\":\"/a\"}"));
        ChatRequest first = hello().toBuilder().addTool(new dev.switchboard.spi.model.Tool("Read", "Read a file",
                Jsons.parseObject("{\"type\":\"object\",\"properties\":{\"file_path\":{\"type\":\"string\"}}}"))).build();
        ChatResponse call = unary(first);
        ContentBlock.ToolUse use = (ContentBlock.ToolUse) call.content().getFirst();
        assertEquals("tooluse_AbCdEfGhIjKlMnOpQrStUv", use.id());
        ChatRequest second = first.toBuilder()
                .addMessage(new Message(Role.ASSISTANT, call.content()))
                .addMessage(new Message(Role.USER, List.of(new ContentBlock.ToolResult(use.id(),
                        List.of(new ContentBlock.Text("file body")), false, null)))).build();
        env.fake.script(ChatScript.texts("done"));
        assertEquals("done", unary(second).text());
        String body = env.fake.server().lastRequest().bodyText();
        assertTrue(body.contains("\"toolUses\":[{\"toolUseId\":\"tooluse_AbCdEfGhIjKlMnOpQrStUv\""), body);
        assertTrue(body.contains("\"toolResults\":[{\"toolUseId\":\"tooluse_AbCdEfGhIjKlMnOpQrStUv\""), body);
        assertFalse(body.contains("[Called") || body.contains("[Tool result"));
    }

    @Test
    void imagesReachTheUpstream() throws GatewayException {
        env.fake.script(ChatScript.texts("a cat"));
        unary(ChatRequest.builder("claude-sonnet-4-5").addMessage(new Message(Role.USER, List.of(
                new ContentBlock.Image(dev.switchboard.spi.model.MediaSource.base64("image/png", "iVBORw0KGgo="), null),
                new ContentBlock.Text("what is this?")))).build());
        assertTrue(env.fake.server().lastRequest().bodyText()
                .contains("\"images\":[{\"format\":\"png\",\"source\":{\"bytes\":\"iVBORw0KGgo=\"}}]"));
    }

    @Test
    void a401RefreshesLike403AndClientErrorsNeverPenaliseTheAccount() {
        assertEquals(ErrorKind.UPSTREAM_AUTH, env.provider.errorClassifier().classify(
                KiroErrorClassifierTest.error(401, "{\"message\":\"Unauthorized\"}")).kind());
        for (ErrorKind k : List.of(ErrorKind.INVALID_REQUEST, ErrorKind.CONTEXT_TOO_LONG)) {
            assertEquals(AccountEffect.NONE, k.effect());
        }
        assertEquals(ErrorKind.INVALID_REQUEST, env.provider.errorClassifier().classify(
                KiroErrorClassifierTest.error(400, "{\"message\":\"Improperly formed request.\"}")).kind());
    }

    @Test
    void aRefreshWithoutANewRefreshTokenKeepsTheStoredOne() throws GatewayException {
        env.fake.rotation(false);
        var next = env.provider.credentialRefresher().orElseThrow().refresh(account);
        assertEquals(account.credential("refresh-token"), next.getString("refresh-token"));
    }

    @Test
    void repairsHappenBeforeSendingAndTheStrictFakeAcceptsTheResult() throws GatewayException {
        env.fake.script(ChatScript.texts("fine"));
        ChatRequest broken = ChatRequest.builder("claude-sonnet-4-5")
                .addMessage(Message.assistant("leading"))
                .addMessage(Message.user("a")).addMessage(Message.user("b"))
                .addMessage(new Message(Role.ASSISTANT, List.of(new ContentBlock.ToolUse("u1", "Undeclared", EMPTY))))
                .addMessage(new Message(Role.USER, List.of(new ContentBlock.ToolResult("u1", List.of(), false, null),
                        new ContentBlock.ToolResult("ghost", List.of(), false, null))))
                .addTool(new dev.switchboard.spi.model.Tool("Long", "x".repeat(20_000), EMPTY))
                .build();
        assertEquals("fine", unary(broken).text());
    }

    @Test
    void noTokenOrSecretInLogsOrErrors() throws Exception {
        List<String> records = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r.getMessage() + (r.getThrown() == null ? "" : " " + r.getThrown()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("dev.switchboard");
        java.util.logging.Level old = root.getLevel();
        root.setLevel(java.util.logging.Level.ALL);
        root.addHandler(capture);
        List<String> secrets = new ArrayList<>(List.of(account.credential("access-token"),
                account.credential("refresh-token")));
        List<String> messages = new ArrayList<>();
        try {
            env.fake.script(ChatScript.texts("hi"));
            stream(hello());
            var next = env.provider.credentialRefresher().orElseThrow().refresh(account);
            secrets.add(next.getString("access-token"));
            secrets.add(next.getString("refresh-token"));
            messages.add(assertThrows(GatewayException.class,
                    () -> env.provider.credentialRefresher().orElseThrow().refresh(account)).getMessage());
            env.fake.expire(account.credential("access-token"));
            messages.add(assertThrows(GatewayException.class, () -> stream(hello())).getMessage());
            Account b = env.builderId("b1", "us-east-1");
            secrets.add(b.credential("client-secret"));
            env.provider.credentialRefresher().orElseThrow().refresh(b);
            messages.add(assertThrows(GatewayException.class,
                    () -> env.provider.credentialRefresher().orElseThrow().refresh(b)).getMessage());
            FlowState f = env.provider.flows().stream().filter(x -> x.name().equals("import")).findFirst().orElseThrow()
                    .start(Json.createObjectBuilder().add("token", Json.createObjectBuilder()
                            .add("refreshToken", account.credential("refresh-token")).add("authMethod", "social")).build());
            messages.add(f.details().toString());
        } finally {
            root.removeHandler(capture);
            root.setLevel(old);
        }
        assertFalse(records.isEmpty());
        for (String secret : secrets) {
            for (String r : records) {
                assertFalse(r.contains(secret), "log line leaks a secret: " + r);
            }
            for (String m : messages) {
                assertFalse(m.contains(secret), "message leaks a secret: " + m);
            }
        }
    }
}
