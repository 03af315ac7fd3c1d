package dev.switchboard.plugin.anthropic;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.Dialect;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.spi.model.Message;
import dev.switchboard.testkit.ProviderHarness;
import jakarta.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Credentials and header values never reach a log record, an error message or a relayed error body. */
class NoSecretsInLogsTest {
    private static final String KEY = "sk-ant-SECRET-do-not-log-4711";
    private static final String HEADER_SECRET = "org-SECRET-header-0815";

    private final FakeAnthropic fake = new FakeAnthropic();
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Logger root = Logger.getLogger("dev.switchboard");
    private final Handler capture = new Handler() {
        private final SimpleFormatter f = new SimpleFormatter();

        @Override
        public void publish(LogRecord r) {
            logged.add(f.format(r));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level before;

    @BeforeEach
    void listen() {
        before = root.getLevel();
        root.setLevel(Level.ALL);
        capture.setLevel(Level.ALL);
        root.addHandler(capture);
    }

    @AfterEach
    void stop() {
        root.removeHandler(capture);
        root.setLevel(before);
        fake.close();
    }

    @Test
    void everyPathKeepsTheCredentialToItself() throws Exception {
        TestAnthropic t = TestAnthropic.create(TestAnthropic.config(fake.baseUrl())
                .add("extra-headers", Json.createObjectBuilder().add("X-Org-Token", HEADER_SECRET)));
        var account = TestAnthropic.apiKey("k", KEY);
        ChatRequest r = ChatRequest.builder("claude-sonnet-4-5").maxTokens(10).addMessage(Message.user("hi"))
                .stream(true).build();
        t.harness.stream(r, "claude-sonnet-4-5", account, ProviderHarness.client(Dialect.OPENAI_CHAT));

        fake.next.add(FakeAnthropic.error(401, "authentication_error", "invalid x-api-key " + KEY));
        GatewayException auth = assertThrows(GatewayException.class, () -> t.harness.stream(r, "claude-sonnet-4-5",
                account, ProviderHarness.client(Dialect.ANTHROPIC)));
        fake.next.add(FakeAnthropic.error(400, "invalid_request_error", "bad value near " + KEY));
        GatewayException bad = assertThrows(GatewayException.class, () -> t.harness.stream(r, "claude-sonnet-4-5",
                account, ProviderHarness.client(Dialect.ANTHROPIC)));
        fake.next.add(FakeAnthropic.error(403, "forbidden", "key " + KEY + " may not do this"));
        GatewayException forbidden = assertThrows(GatewayException.class, () -> t.harness.stream(r,
                "claude-sonnet-4-5", account, ProviderHarness.client(Dialect.ANTHROPIC)));
        fake.http.on("GET", FakeAnthropic.MODELS, FakeAnthropic.error(401, "authentication_error", "bad key " + KEY));
        String health = t.provider.healthCheck().orElseThrow().check(account).detail();

        assertTrue(logged.size() > 0, "the paths above log");
        for (String line : logged) {
            assertFalse(line.contains(KEY) || line.contains(HEADER_SECRET), "a secret in the log: " + line);
        }
        for (GatewayException e : List.of(auth, bad, forbidden)) {
            assertFalse(e.getMessage().contains(KEY), e.getMessage());
            byte[] body = e.upstreamBody();
            assertFalse(body != null && new String(body, StandardCharsets.UTF_8).contains(KEY),
                    "the body an Anthropic client may be shown: " + e.kind());
        }
        assertFalse(health.contains(KEY), health);
    }
}
