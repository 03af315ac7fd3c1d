package dev.switchboard.plugin.anthropic;

import dev.switchboard.spi.Account;
import dev.switchboard.spi.HttpTransport;
import dev.switchboard.spi.Provider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The shared provider contract against the fake Anthropic API (converted requests). */
class AnthropicContractTest extends dev.switchboard.testkit.ProviderContractTest {
    static final String MODEL = "claude-sonnet-4-5";
    private FakeAnthropic fake;
    private TestAnthropic plugin;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeAnthropic();
        plugin = TestAnthropic.create(TestAnthropic.config(fake.baseUrl()));
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Override
    protected Provider provider() {
        return plugin.provider;
    }

    @Override
    protected HttpTransport transport() {
        return plugin.ctx.transport();
    }

    @Override
    protected Account account() {
        return TestAnthropic.apiKey("k1", "sk-ant-contract");
    }

    @Override
    protected String upstreamModel() {
        return MODEL;
    }

    @Override
    protected void scriptText(String text, long inputTokens, long outputTokens) {
        fake.reply = FakeAnthropic.Reply.text(MODEL, text, inputTokens, outputTokens);
    }

    @Override
    protected void scriptToolCall(String id, String name, String argumentsJson) {
        fake.reply = FakeAnthropic.Reply.toolUse(MODEL, id, name, argumentsJson);
    }

    @Override
    protected ThinkingScript scriptThinking(String thinking, String signature, String text) {
        fake.reply = FakeAnthropic.Reply.thinking(MODEL, thinking, signature, text);
        return ThinkingScript.scripted();
    }

    @Override
    protected void scriptError(int status, String retryAfterSeconds) {
        fake.next.clear();
        fake.next.add(retryAfterSeconds == null ? FakeAnthropic.error(status, "api_error", "status " + status)
                : FakeAnthropic.error(status, "rate_limit_error", "status " + status, "retry-after", retryAfterSeconds));
    }

    @Override
    protected void scriptErrorBody(int status, String body) {
        fake.next.clear();
        fake.next.add((r, x) -> x.status(status).header("content-type", body.startsWith("<") ? "text/html"
                : "application/json").send(body));
    }

    @Override
    protected void scriptMidStreamError(String textBeforeTheError) {
        fake.next.add(FakeAnthropic.cutAfter(MODEL, textBeforeTheError));
    }

    @Override
    protected String lastUpstreamBody() {
        return fake.last().bodyText();
    }

}
