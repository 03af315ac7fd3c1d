package dev.switchboard.plugin.kiro;

import dev.switchboard.plugin.kiro.fake.ChatScript;
import dev.switchboard.plugin.kiro.fake.KiroTestEnv;
import dev.switchboard.spi.Account;
import dev.switchboard.spi.HttpTransport;
import dev.switchboard.spi.Provider;
import dev.switchboard.testkit.FakeUpstream;
import dev.switchboard.testkit.ProviderContractTest;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The shared provider contract against the fake Kiro upstream (binary event stream with CRCs). */
class KiroContractTest extends ProviderContractTest {
    private KiroTestEnv env;
    private Account account;

    @BeforeEach
    void start() throws Exception {
        env = new KiroTestEnv();
        account = env.social("contract");
    }

    @AfterEach
    void stop() {
        env.close();
    }

    @Override
    protected Provider provider() {
        return env.provider;
    }

    @Override
    protected HttpTransport transport() {
        return env.ctx.transport();
    }

    @Override
    protected Account account() {
        return account;
    }

    @Override
    protected String upstreamModel() {
        return "claude-sonnet-4.5";
    }

    @Override
    protected void scriptText(String text, long inputTokens, long outputTokens) {
        env.fake.script(ChatScript.texts(text).metering(0.01).context(1.5));
    }

    @Override
    protected void scriptToolCall(String id, String name, String argumentsJson) {
        int half = argumentsJson.length() / 2;
        env.fake.script(ChatScript.of().tool(id, name, argumentsJson.substring(0, half), argumentsJson.substring(half)));
    }

    @Override
    protected ThinkingScript scriptThinking(String thinking, String signature, String text) {
        // Kiro's reasoningContentEvent carries the reasoning text and its signature, decoded whatever thinking-mode is.
        env.fake.script(ChatScript.of().reasoning(thinking, signature).text(text).metering(0.01));
        return ThinkingScript.scripted();
    }

    @Override
    protected void scriptError(int status, String retryAfterSeconds) {
        env.fake.script(retryAfterSeconds == null ? ChatScript.error(status, "{\"message\":\"scripted failure\"}")
                : ChatScript.error(status, "{\"message\":\"scripted failure\"}", "retry-after", retryAfterSeconds));
    }

    @Override
    protected void scriptErrorBody(int status, String body) {
        env.fake.script(ChatScript.error(status, body));
    }

    @Override
    protected void scriptMidStreamError(String textBeforeTheError) {
        env.fake.script(ChatScript.texts(textBeforeTheError).exception("InternalServerException", "upstream broke"));
    }

    @Override
    protected String lastUpstreamBody() {
        FakeUpstream server = env.fake.server();
        List<FakeUpstream.Recorded> chats = server.requests("/generateAssistantResponse");
        return chats.get(chats.size() - 1).bodyText();
    }
}
