package dev.switchboard.plugin.openaicompat;

import static dev.switchboard.testkit.StreamEndings.assertAnthropicErrorEnd;
import static dev.switchboard.testkit.StreamEndings.assertErrorStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.kernel.pool.AccountPool;
import dev.switchboard.spi.AccountState;
import dev.switchboard.testkit.FakeUpstream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection on the converted path (an Anthropic client on an OpenAI-compatible backend): every way a backend
 * can break ends in the documented client answer — an HTTP error before the first byte (after failing over), the
 * dialect's error event after it — within the configured timeouts, never a hang and never a normal finish.
 */
class ConvertedStreamFaultsGatewayTest {
    @TempDir
    Path home;

    private static final String TIMEOUTS = "    health-check: false\n    read-timeout: 400ms\n    request-timeout: 2s\n";
    private static final String STREAM = "{\"model\":\"claude-x\",\"max_tokens\":50,\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private CompatGateway gateway(String... keys) throws Exception {
        return new CompatGateway(home, CompatGateway.yaml(TIMEOUTS, CompatGateway.ROUTES, keys));
    }

    private static HttpResponse<String> ask(CompatGateway g) throws Exception {
        return g.send(g.post("/v1/messages", STREAM).header("anthropic-version", "2023-06-01")
                .timeout(Duration.ofSeconds(30)));
    }

    /** Some content first, then {@code fault} (so the failure comes after the first byte). */
    private static FakeUpstream.Handler afterContent(FakeUpstream.Handler fault) {
        return (req, ex) -> {
            ex.status(200).header("content-type", "text/event-stream");
            ChatSse.of("backend-model").role().content("partial answer").frames().forEach(ex::write);
            fault.handle(req, ex);
        };
    }

    @Test
    void aConnectionDroppedMidStreamEndsWithTheErrorEvent() throws Exception {
        try (CompatGateway g = gateway("k1")) {
            g.onChat(afterContent((req, ex) -> ex.cut()));
            HttpResponse<String> r = ask(g);
            assertAnthropicErrorEnd(r);
            assertTrue(r.body().contains("partial answer"), "what came is relayed");
        }
    }

    @Test
    void aStallBeforeTheFirstByteIsATimeoutAfterFailover() throws Exception {
        try (CompatGateway g = gateway("k1", "k2")) {
            g.onChat((req, ex) -> {
                ex.status(200).header("content-type", "text/event-stream").write(": waiting\n\n");
                ex.pause(Duration.ofMillis(1500));
                ex.end();
            });
            assertErrorStatus(ask(g), 504);
            assertEquals(2, g.chatRequests().size(), "tried on both keys before answering");
        }
    }

    @Test
    void aStallMidStreamEndsWithTheErrorEvent() throws Exception {
        try (CompatGateway g = gateway("k1")) {
            g.onChat(afterContent((req, ex) -> {
                ex.pause(Duration.ofMillis(1500));
                ex.end();
            }));
            assertAnthropicErrorEnd(ask(g));
        }
    }

    @Test
    void aSlowDripIsCutByTheTotalDeadline() throws Exception {
        try (CompatGateway g = gateway("k1")) {
            g.onChat(afterContent((req, ex) -> {
                for (int i = 0; i < 60; i++) { // each drop inside the read timeout; together past the deadline
                    ex.write(": drip\n\n");
                    ex.pause(Duration.ofMillis(100));
                }
                ex.end();
            }));
            assertAnthropicErrorEnd(ask(g));
        }
    }

    @Test
    void aRateLimitStormCoolsEveryKeyAndAnswers429WithACappedRetryAfter() throws Exception {
        try (CompatGateway g = gateway("k1", "k2", "k3")) {
            g.onChat(FakeOpenAi.json(429, "{\"error\":{\"message\":\"slow down\",\"code\":\"rate_limit_exceeded\"}}",
                    "retry-after", "86400000"));
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> r = ask(g);
                assertErrorStatus(r, 429);
                assertTrue(Long.parseLong(r.headers().firstValue("retry-after").orElseThrow()) <= 3600, r.headers().map().toString());
            }
            assertEquals(3, g.chatRequests().size(), "once every key cooled, no further upstream calls");
            AccountPool pool = g.gateway.providers().get("compat").pool();
            pool.accounts().forEach(a -> assertEquals(AccountState.COOLING, a.status().state()));
        }
    }

    @Test
    void serverErrorsFailOverThenAnswer5xx() throws Exception {
        try (CompatGateway g = gateway("k1", "k2")) {
            g.onChat(FakeOpenAi.json(500, "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}"));
            assertErrorStatus(ask(g), 502);
            assertEquals(2, g.chatRequests().size());
        }
    }

    @Test
    void aTruncatedFrameEndsWithTheErrorEvent() throws Exception {
        try (CompatGateway g = gateway("k1")) {
            g.onChat(afterContent((req, ex) -> {
                ex.write("data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"more");
                ex.end();
            }));
            assertAnthropicErrorEnd(ask(g));
        }
    }

    @Test
    void aJunkDataLineEndsWithTheErrorEventEvenWhenAFinishFollows() throws Exception {
        try (CompatGateway g = gateway("k1")) {
            g.onChat(afterContent((req, ex) -> {
                ex.write("data: <html>not json</html>\n\n");
                ChatSse.of("backend-model").finish("stop").done().frames().forEach(ex::write);
                ex.end();
            }));
            assertAnthropicErrorEnd(ask(g));
        }
    }

    @Test
    void anOversizedJunkLineIsAnErrorNotAHeapFull() throws Exception {
        try (CompatGateway g = gateway("k1")) {
            byte[] junk = new byte[1024 * 1024];
            Arrays.fill(junk, (byte) 'x');
            g.onChat(afterContent((req, ex) -> {
                ex.write("data: ");
                for (int i = 0; i < 10; i++) { // 10 MB without a line break, over the reader's 8 MiB bound
                    ex.write(junk);
                }
                ex.write("\n\n");
                ChatSse.of("backend-model").finish("stop").done().frames().forEach(ex::write);
                ex.end();
            }));
            HttpResponse<String> r = ask(g);
            assertAnthropicErrorEnd(r);
            assertTrue(r.body().length() < 100_000, "the junk is not relayed");
        }
    }

    @Test
    void anHtmlPageWithStatus200IsAnUpstreamErrorBeforeTheFirstByte() throws Exception {
        try (CompatGateway g = gateway("k1", "k2")) {
            g.onChat((req, ex) -> ex.status(200).header("content-type", "text/html")
                    .send("<!DOCTYPE html><html><body><h1>Welcome to nginx!</h1></body></html>"));
            assertErrorStatus(ask(g), 502);
            assertEquals(2, g.chatRequests().size(), "an unreadable answer fails over");
        }
    }
}
