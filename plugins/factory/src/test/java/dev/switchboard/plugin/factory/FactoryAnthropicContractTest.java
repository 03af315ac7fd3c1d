package dev.switchboard.plugin.factory;

import dev.switchboard.plugin.factory.fake.FakeFactory;
import dev.switchboard.spi.Account;
import dev.switchboard.spi.HttpTransport;
import dev.switchboard.spi.Provider;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.testkit.AnthropicSse;
import dev.switchboard.testkit.ProviderContractTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The shared provider contract on Factory's Anthropic family (converted requests). */
class FactoryAnthropicContractTest extends ProviderContractTest {
    static final String MODEL = "claude-sonnet-4-5-20250929";
    FakeFactory fake;
    Plugin plugin;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeFactory();
        plugin = Plugin.of(fake);
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
        return Plugin.key("fk-contract");
    }

    @Override
    protected String upstreamModel() {
        return MODEL;
    }

    /** Streams the transcript, or sends its unary form when the request did not ask for a stream. */
    private void script(AnthropicSse sse, String unary) {
        fake.http.on("POST", FakeFactory.A, (r, x) -> {
            if (Jsons.bool(Jsons.parseObject(r.body()), "stream")) {
                x.status(200).header("content-type", "text/event-stream");
                sse.frames().forEach(x::write);
                x.end();
            } else {
                x.json(unary);
            }
        });
    }

    private static String message(String content, String stop, long in, long out) {
        return "{\"id\":\"msg_c\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"" + MODEL + "\",\"content\":"
                + content + ",\"stop_reason\":\"" + stop + "\",\"usage\":{\"input_tokens\":" + in + ",\"output_tokens\":"
                + out + "}}";
    }

    @Override
    protected void scriptText(String text, long inputTokens, long outputTokens) {
        script(AnthropicSse.start(MODEL, inputTokens).text(text).end("end_turn", outputTokens),
                message("[{\"type\":\"text\",\"text\":" + Jsons.quote(text) + "}]", "end_turn", inputTokens, outputTokens));
    }

    @Override
    protected void scriptToolCall(String id, String name, String argumentsJson) {
        script(AnthropicSse.start(MODEL, 5).toolUse(id, name, argumentsJson).end("tool_use", 3),
                message("[{\"type\":\"tool_use\",\"id\":" + Jsons.quote(id) + ",\"name\":" + Jsons.quote(name)
                        + ",\"input\":" + argumentsJson + "}]", "tool_use", 5, 3));
    }

    @Override
    protected ThinkingScript scriptThinking(String thinking, String signature, String text) {
        script(AnthropicSse.start(MODEL, 5).thinking(signature, thinking).text(text).end("end_turn", 3),
                message("[{\"type\":\"thinking\",\"thinking\":" + Jsons.quote(thinking) + ",\"signature\":"
                        + Jsons.quote(signature) + "},{\"type\":\"text\",\"text\":" + Jsons.quote(text) + "}]",
                        "end_turn", 5, 3));
        return ThinkingScript.scripted();
    }

    @Override
    protected void scriptError(int status, String retryAfterSeconds) {
        fake.http.on("POST", FakeFactory.A, (r, x) -> {
            if (retryAfterSeconds != null) {
                x.header("retry-after", retryAfterSeconds);
            }
            x.status(status).json("{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"status " + status
                    + "\"}}");
        });
    }

    @Override
    protected void scriptErrorBody(int status, String body) {
        fake.http.on("POST", FakeFactory.A, (r, x) -> x.status(status).header("content-type",
                body.startsWith("<") ? "text/html" : "application/json").send(body));
    }

    @Override
    protected void scriptMidStreamError(String textBeforeTheError) {
        fake.http.on("POST", FakeFactory.A, (r, x) -> {
            x.status(200).header("content-type", "text/event-stream");
            AnthropicSse.start(MODEL, 5).text(textBeforeTheError).frames().forEach(x::write);
            x.cut();
        });
    }

    @Override
    protected String lastUpstreamBody() {
        return fake.last(FakeFactory.A).bodyText();
    }
}
