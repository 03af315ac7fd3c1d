package dev.switchboard.plugin.openaicompat;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.ClientRequest;
import dev.switchboard.spi.Dialect;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.HttpHeaders;
import dev.switchboard.spi.PluginConfig;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.spi.model.Message;
import dev.switchboard.spi.model.Tool;
import dev.switchboard.testkit.ProviderHarness;
import jakarta.json.Json;
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

/** Keys and header values never reach a log record or an error message, at any level (briefing: secrets). */
class NoSecretsInLogsTest {
    private static final String KEY = "sk-SECRET-do-not-log-4711";
    private static final String HEADER_SECRET = "org-SECRET-header-0815";

    private final FakeOpenAi fake = new FakeOpenAi();
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
    void everyPathLogsWithoutCredentials() throws Exception {
        TestCompat c = TestCompat.create(TestCompat.config(fake.baseUrl()).add("profile", "gemini")
                .add("extra-headers", Json.createObjectBuilder().add("X-Org-Token", HEADER_SECRET)));
        c.provider.validateAccount(PluginConfig.of(Json.createObjectBuilder().build()));
        ChatRequest r = ChatRequest.builder("claude-opus-5-5").maxTokens(10).addMessage(Message.user("hi"))
                .addTool(new Tool("t", null, Jsons.parseObject("{\"type\":\"object\",\"additionalProperties\":false}")))
                .build();

        fake.onChat(FakeOpenAi.stream(ChatSse.text("m", 1, 1, "ok")));
        c.harness.stream(r, "m", TestCompat.account("k", KEY), ProviderHarness.client(Dialect.ANTHROPIC));
        c.provider.prepare(r, "m", TestCompat.account("k", KEY), new ClientRequest(Dialect.OPENAI_CHAT,
                "/v1/chat/completions", HttpHeaders.create(), Jsons.parseObject("{\"model\":\"x\",\"metadata\":{},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), null, null));

        fake.onChat(FakeOpenAi.json(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + "\","
                + "\"code\":\"invalid_api_key\"}}"));
        GatewayException auth = assertThrows(GatewayException.class, () -> c.harness.stream(r, "m",
                TestCompat.account("k", KEY), ProviderHarness.client(Dialect.ANTHROPIC)));
        fake.onChat(FakeOpenAi.json(400, "{\"error\":{\"message\":\"bad value for key " + KEY + "\"}}"));
        GatewayException bad = assertThrows(GatewayException.class, () -> c.harness.stream(r, "m",
                TestCompat.account("k", KEY), ProviderHarness.client(Dialect.ANTHROPIC)));
        fake.onModels(FakeOpenAi.json(403, "{\"error\":{\"message\":\"key " + KEY + " was leaked\"}}"));
        String health = c.provider.healthCheck().orElseThrow().check(TestCompat.account("k", KEY)).detail();

        assertTrue(logged.size() > 3, "the paths above log: " + logged);
        for (String line : logged) {
            assertFalse(line.contains(KEY) || line.contains(HEADER_SECRET), "a secret in the log: " + line);
        }
        for (GatewayException e : List.of(auth, bad)) {
            assertFalse(e.getMessage().contains(KEY), e.getMessage());
        }
        assertFalse(health.contains(KEY), health);
    }
}
