package dev.switchboard.plugin.factory;

import static dev.switchboard.testkit.StreamEndings.assertAnthropicErrorEnd;
import static dev.switchboard.testkit.StreamEndings.assertErrorStatus;
import static dev.switchboard.testkit.StreamEndings.assertOpenAiErrorEnd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.plugin.factory.fake.FakeFactory;
import dev.switchboard.spi.AccountState;
import dev.switchboard.testkit.AnthropicSse;
import dev.switchboard.testkit.FakeUpstream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection against the fake Factory on the converted paths — an OpenAI chat client on the Anthropic family,
 * an Anthropic client on the Responses family: dropped and stalled streams, a slow drip, a 429 storm, 5xx, a
 * truncated frame, junk data lines and an HTML 200. Each ends in the documented client answer within the configured
 * timeouts, never a hang and never a normal finish.
 */
class ConvertedStreamFaultsGatewayTest {
    @TempDir
    Path home;

    private static final String TIMEOUTS = "    read-timeout: 400ms\n    request-timeout: 2s\n    affinity: false\n";
    private static final String CHAT = "{\"model\":\"claude-sonnet-4-5\",\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String MESSAGES = "{\"model\":\"gpt-5.2\",\"max_tokens\":50,\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private FactoryGateway gateway(FakeFactory fake, String... keys) throws Exception {
        return new FactoryGateway(home, fake, "dispatch:\n  max-attempts: 4\n" + FactoryGateway.yaml(TIMEOUTS,
                FactoryGateway.keys(keys)));
    }

    private static HttpResponse<String> chat(FactoryGateway g) throws Exception {
        return g.send(g.post("/v1/chat/completions", CHAT).timeout(Duration.ofSeconds(30)));
    }

    private static HttpResponse<String> messages(FactoryGateway g) throws Exception {
        return g.send(g.post("/v1/messages", MESSAGES).header("anthropic-version", "2023-06-01")
                .timeout(Duration.ofSeconds(30)));
    }

    /** The Anthropic family starts an answer, then {@code fault}. */
    private static FakeUpstream.Handler anthropicThen(FakeUpstream.Handler fault) {
        return (req, ex) -> {
            ex.status(200).header("content-type", "text/event-stream");
            AnthropicSse.start("claude-sonnet-4-5-20250929", 10).text("partial answer").frames().forEach(ex::write);
            fault.handle(req, ex);
        };
    }

    /** The Responses family starts an answer, then {@code fault}. */
    private static FakeUpstream.Handler responsesThen(FakeUpstream.Handler fault) {
        return (req, ex) -> {
            ex.status(200).header("content-type", "text/event-stream");
            ex.write("event: response.created\ndata: {\"type\":\"response.created\",\"response\":{\"id\":\"r\","
                    + "\"status\":\"in_progress\",\"output\":[]}}\n\n");
            ex.write("event: response.output_item.added\ndata: {\"type\":\"response.output_item.added\","
                    + "\"output_index\":0,\"item\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
                    + "\"content\":[]}}\n\n");
            ex.write("event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"item_id\":"
                    + "\"msg_1\",\"output_index\":0,\"content_index\":0,\"delta\":\"partial answer\"}\n\n");
            fault.handle(req, ex);
        };
    }

    @Test
    void aDroppedStreamEndsWithTheErrorEventInBothDialects() throws Exception {
        FakeFactory fake = new FakeFactory();
        fake.http.on("POST", FakeFactory.A, anthropicThen((r, x) -> x.cut()));
        fake.http.on("POST", FakeFactory.O, responsesThen((r, x) -> x.cut()));
        try (FactoryGateway g = gateway(fake, "fk-1")) {
            assertOpenAiErrorEnd(chat(g));
            assertAnthropicErrorEnd(messages(g));
        }
    }

    @Test
    void aStallBeforeTheFirstByteIsATimeoutAndAfterItTheErrorEvent() throws Exception {
        FakeFactory fake = new FakeFactory();
        fake.http.on("POST", FakeFactory.A, (r, x) -> {
            x.status(200).header("content-type", "text/event-stream").write(": hold on\n\n");
            x.pause(Duration.ofMillis(1500));
            x.end();
        });
        fake.http.on("POST", FakeFactory.O, responsesThen((r, x) -> {
            x.pause(Duration.ofMillis(1500));
            x.end();
        }));
        try (FactoryGateway g = gateway(fake, "fk-1", "fk-2")) {
            assertErrorStatus(chat(g), 504);
            assertEquals(2, fake.requests(FakeFactory.A).size(), "both keys were tried");
            assertAnthropicErrorEnd(messages(g));
        }
    }

    @Test
    void aSlowDripIsCutByTheTotalDeadline() throws Exception {
        FakeFactory fake = new FakeFactory();
        fake.http.on("POST", FakeFactory.A, anthropicThen((r, x) -> {
            for (int i = 0; i < 60; i++) {
                x.write("event: ping\ndata: {\"type\":\"ping\"}\n\n");
                x.pause(Duration.ofMillis(100));
            }
            x.end();
        }));
        try (FactoryGateway g = gateway(fake, "fk-1")) {
            assertOpenAiErrorEnd(chat(g));
        }
    }

    @Test
    void aRateLimitStormCoolsEveryKeyAndAnswers429() throws Exception {
        FakeFactory fake = new FakeFactory().fault("fk-1", FakeFactory.Fault.RATE_LIMITED_429)
                .fault("fk-2", FakeFactory.Fault.RATE_LIMITED_429).fault("fk-3", FakeFactory.Fault.RATE_LIMITED_429);
        try (FactoryGateway g = gateway(fake, "fk-1", "fk-2", "fk-3")) {
            HttpResponse<String> r = chat(g);
            assertErrorStatus(r, 429);
            assertTrue(r.headers().firstValue("retry-after").isPresent());
            var pool = g.gateway.providers().get("factory").pool();
            pool.accounts().forEach(a -> assertEquals(AccountState.COOLING, a.status().state(), a.name()));
            assertErrorStatus(messages(g), 429);
            assertEquals(3, fake.requests(FakeFactory.A).size() + fake.requests(FakeFactory.O).size());
        }
    }

    @Test
    void serverErrorsFailOverThenAnswer5xx() throws Exception {
        FakeFactory fake = new FakeFactory().fault("fk-1", FakeFactory.Fault.SERVER_500)
                .fault("fk-2", FakeFactory.Fault.OVERLOADED_503);
        try (FactoryGateway g = gateway(fake, "fk-1", "fk-2")) {
            assertErrorStatus(chat(g), 502, 503);
            assertEquals(2, fake.requests(FakeFactory.A).size());
        }
    }

    @Test
    void truncatedFramesAndJunkDataLinesEndWithTheErrorEvent() throws Exception {
        FakeFactory fake = new FakeFactory();
        fake.http.on("POST", FakeFactory.A, anthropicThen((r, x) -> {
            x.write("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"ty");
            x.end();
        }));
        fake.http.on("POST", FakeFactory.O, responsesThen((r, x) -> {
            x.write("data: <<<junk>>>\n\n");
            x.write("event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":{\"id\":\"r\","
                    + "\"status\":\"completed\",\"output\":[]}}\n\n");
            x.end();
        }));
        try (FactoryGateway g = gateway(fake, "fk-1")) {
            assertOpenAiErrorEnd(chat(g));
            assertAnthropicErrorEnd(messages(g));
        }
    }

    @Test
    void anHtmlPageWithStatus200IsAnUpstreamErrorBeforeTheFirstByte() throws Exception {
        FakeFactory fake = new FakeFactory();
        FakeUpstream.Handler html = (r, x) -> x.status(200).header("content-type", "text/html")
                .send("<!DOCTYPE html><html><body>Factory relay login</body></html>");
        fake.http.on("POST", FakeFactory.A, html);
        fake.http.on("POST", FakeFactory.O, html);
        try (FactoryGateway g = gateway(fake, "fk-1", "fk-2")) {
            assertErrorStatus(chat(g), 502);
            assertErrorStatus(messages(g), 502);
            assertEquals(2, fake.requests(FakeFactory.A).size(), "failed over before answering");
        }
    }
}
