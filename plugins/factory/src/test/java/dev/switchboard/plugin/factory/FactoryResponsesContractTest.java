package dev.switchboard.plugin.factory;

import dev.switchboard.plugin.factory.fake.FakeFactory;
import dev.switchboard.spi.Account;
import dev.switchboard.spi.HttpTransport;
import dev.switchboard.spi.Provider;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.testkit.ProviderContractTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The shared provider contract on Factory's OpenAI family (chat → Responses conversion). */
class FactoryResponsesContractTest extends ProviderContractTest {
    static final String MODEL = "gpt-5.2";
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

    private static String ev(String type, String data) {
        return "event: " + type + "\ndata: " + data + "\n\n";
    }

    private static String response(String output, long in, long out) {
        return "{\"id\":\"resp_c\",\"object\":\"response\",\"created_at\":1774400000,\"status\":\"completed\",\"model\":\""
                + MODEL + "\",\"output\":[" + output + "],\"usage\":{\"input_tokens\":" + in + ",\"output_tokens\":" + out
                + ",\"total_tokens\":" + (in + out) + "}}";
    }

    /** Streams created → items → completed (with the full output), or answers the response object when unary. */
    private void script(List<String> items, String output, long in, long out) {
        String done = response(output, in, out);
        fake.http.on("POST", FakeFactory.O, (r, x) -> {
            if (!Jsons.bool(Jsons.parseObject(r.body()), "stream")) {
                x.json(done);
                return;
            }
            x.status(200).header("content-type", "text/event-stream");
            x.write(ev("response.created", "{\"type\":\"response.created\",\"response\":{\"id\":\"resp_c\",\"status\":"
                    + "\"in_progress\",\"model\":\"" + MODEL + "\",\"output\":[]}}"));
            items.forEach(x::write);
            x.write(ev("response.completed", "{\"type\":\"response.completed\",\"response\":" + done + "}"));
            x.end();
        });
    }

    private static List<String> textItem(int index, String text) {
        List<String> f = new ArrayList<>();
        f.add(ev("response.output_item.added", "{\"type\":\"response.output_item.added\",\"output_index\":" + index
                + ",\"item\":{\"id\":\"msg_c\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[]}}"));
        f.add(ev("response.output_text.delta", "{\"type\":\"response.output_text.delta\",\"item_id\":\"msg_c\","
                + "\"output_index\":" + index + ",\"content_index\":0,\"delta\":" + Jsons.quote(text) + "}"));
        return f;
    }

    private static String textOutput(String text) {
        return "{\"id\":\"msg_c\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\","
                + "\"text\":" + Jsons.quote(text) + "}]}";
    }

    @Override
    protected void scriptText(String text, long inputTokens, long outputTokens) {
        script(textItem(0, text), textOutput(text), inputTokens, outputTokens);
    }

    @Override
    protected void scriptToolCall(String id, String name, String argumentsJson) {
        String item = "{\"type\":\"function_call\",\"id\":\"fc_c\",\"call_id\":" + Jsons.quote(id) + ",\"name\":"
                + Jsons.quote(name) + ",\"arguments\":" + Jsons.quote(argumentsJson) + "}";
        List<String> f = List.of(
                ev("response.output_item.added", "{\"type\":\"response.output_item.added\",\"output_index\":0,\"item\":"
                        + "{\"type\":\"function_call\",\"id\":\"fc_c\",\"call_id\":" + Jsons.quote(id) + ",\"name\":"
                        + Jsons.quote(name) + ",\"arguments\":\"\"}}"),
                ev("response.function_call_arguments.delta", "{\"type\":\"response.function_call_arguments.delta\","
                        + "\"item_id\":\"fc_c\",\"output_index\":0,\"delta\":" + Jsons.quote(argumentsJson) + "}"),
                ev("response.output_item.done", "{\"type\":\"response.output_item.done\",\"output_index\":0,\"item\":"
                        + item + "}"));
        script(f, item, 5, 3);
    }

    @Override
    protected ThinkingScript scriptThinking(String thinking, String signature, String text) {
        String reasoning = "{\"id\":\"rs_c\",\"type\":\"reasoning\",\"encrypted_content\":" + Jsons.quote(signature)
                + ",\"summary\":[{\"type\":\"summary_text\",\"text\":" + Jsons.quote(thinking) + "}]}";
        List<String> f = new ArrayList<>(List.of(
                ev("response.output_item.added", "{\"type\":\"response.output_item.added\",\"output_index\":0,\"item\":"
                        + "{\"id\":\"rs_c\",\"type\":\"reasoning\",\"summary\":[]}}"),
                ev("response.reasoning_summary_text.delta", "{\"type\":\"response.reasoning_summary_text.delta\","
                        + "\"item_id\":\"rs_c\",\"output_index\":0,\"summary_index\":0,\"delta\":" + Jsons.quote(thinking)
                        + "}"),
                ev("response.output_item.done", "{\"type\":\"response.output_item.done\",\"output_index\":0,\"item\":"
                        + reasoning + "}")));
        f.addAll(textItem(1, text));
        script(f, reasoning + "," + textOutput(text), 5, 3);
        return ThinkingScript.scripted();
    }

    @Override
    protected void scriptError(int status, String retryAfterSeconds) {
        fake.http.on("POST", FakeFactory.O, (r, x) -> {
            if (retryAfterSeconds != null) {
                x.header("retry-after", retryAfterSeconds);
            }
            x.status(status).json("{\"error\":{\"message\":\"status " + status + "\",\"type\":\"server_error\"}}");
        });
    }

    @Override
    protected void scriptErrorBody(int status, String body) {
        fake.http.on("POST", FakeFactory.O, (r, x) -> x.status(status).header("content-type",
                body.startsWith("<") ? "text/html" : "application/json").send(body));
    }

    @Override
    protected void scriptMidStreamError(String textBeforeTheError) {
        fake.http.on("POST", FakeFactory.O, (r, x) -> {
            x.status(200).header("content-type", "text/event-stream");
            x.write(ev("response.created", "{\"type\":\"response.created\",\"response\":{\"id\":\"resp_c\",\"output\":[]}}"));
            textItem(0, textBeforeTheError).forEach(x::write);
            x.cut();
        });
    }

    @Override
    protected String lastUpstreamBody() {
        return fake.last(FakeFactory.O).bodyText();
    }
}
