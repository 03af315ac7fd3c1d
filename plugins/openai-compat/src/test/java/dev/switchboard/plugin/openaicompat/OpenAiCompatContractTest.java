package dev.switchboard.plugin.openaicompat;

import dev.switchboard.spi.Account;
import dev.switchboard.spi.HttpTransport;
import dev.switchboard.spi.Provider;
import dev.switchboard.testkit.ProviderContractTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The shared provider contract, run against the fake OpenAI-compatible backend. */
class OpenAiCompatContractTest extends ProviderContractTest {
    private FakeOpenAi fake;
    private TestCompat compat;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeOpenAi();
        compat = TestCompat.create(TestCompat.config(fake.baseUrl()));
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Override
    protected Provider provider() {
        return compat.provider;
    }

    @Override
    protected HttpTransport transport() {
        return compat.ctx.transport();
    }

    @Override
    protected Account account() {
        return TestCompat.key1();
    }

    @Override
    protected String upstreamModel() {
        return "backend-model";
    }

    @Override
    protected void scriptText(String text, long inputTokens, long outputTokens) {
        fake.onChat(FakeOpenAi.stream(ChatSse.text("backend-model", inputTokens, outputTokens, text)));
    }

    @Override
    protected void scriptToolCall(String id, String name, String argumentsJson) {
        fake.onChat(FakeOpenAi.stream(ChatSse.of("backend-model").toolStart(0, id, name, argumentsJson)
                .finish("tool_calls").usage(10, 5, 0).done()));
    }

    @Override
    protected void scriptError(int status, String retryAfterSeconds) {
        String body = "{\"error\":{\"message\":\"scripted " + status + "\",\"type\":\"error\",\"code\":null}}";
        fake.onChat(retryAfterSeconds == null ? FakeOpenAi.json(status, body)
                : FakeOpenAi.json(status, body, "retry-after", retryAfterSeconds));
    }

    @Override
    protected void scriptErrorBody(int status, String body) {
        fake.onChat((r, x) -> x.status(status).header("content-type", body.startsWith("<") ? "text/html"
                : "application/json").send(body));
    }

    @Override
    protected void scriptMidStreamError(String textBeforeTheError) {
        fake.onChat(FakeOpenAi.streamThenCut(ChatSse.of("backend-model").content(textBeforeTheError)));
    }

    @Override
    protected ThinkingScript scriptThinking(String thinking, String signature, String text) {
        return ThinkingScript.noSignatures("Chat Completions backends stream reasoning_content as plain text with no"
                + " signature; the reader gives their thinking an empty one");
    }

    @Override
    protected String lastUpstreamBody() {
        return fake.lastChat().toString();
    }
}
