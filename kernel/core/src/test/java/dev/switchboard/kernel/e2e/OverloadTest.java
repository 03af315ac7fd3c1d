package dev.switchboard.kernel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testkit.AnthropicSse;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Overload degrades instead of collapsing: beyond {@code server.max-concurrent-streams} a request is refused at
 * once as a retryable overload (529 {@code overloaded_error} to Anthropic clients, 503 to OpenAI clients, with
 * {@code retry-after} and without {@code x-should-retry: false}), while the admitted stream keeps flowing and
 * completes; once it finished, the next request is admitted again.
 */
class OverloadTest {
    private static final String ANTHROPIC = "{\"model\":\"claude-opus-5-5\",\"max_tokens\":10,\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String OPENAI = "{\"model\":\"claude-opus-5-5\",\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @TempDir
    Path home;

    /** The fake's first stream stops after three frames (counting {@code streaming} down) until {@code release}. */
    private static void holdFirstStream(GatewayFixture f, CountDownLatch streaming, CountDownLatch release) {
        List<String> frames = AnthropicSse.start("m", 3).text("held", "done").end("end_turn", 2).frames();
        f.fake.on("POST", "/v1/messages", (req, ex) -> {
            ex.status(200).header("content-type", "text/event-stream");
            for (int i = 0; i < frames.size(); i++) {
                ex.write(frames.get(i));
                if (i == 2 && streaming.getCount() > 0) {
                    streaming.countDown();
                    release.await(30, TimeUnit.SECONDS);
                }
            }
            ex.end();
        });
    }

    @Test
    void requestsBeyondTheStreamCeilingGetARetryableOverloadWhileAdmittedStreamsFinish() throws Exception {
        String yaml = GatewayFixture.oneProvider("", "k1").replace("server:\n", "server:\n  max-concurrent-streams: 1\n");
        try (GatewayFixture f = new GatewayFixture(home, yaml)) {
            CountDownLatch streaming = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            holdFirstStream(f, streaming, release);
            CompletableFuture<HttpResponse<String>> held = f.http.sendAsync(f.post("/v1/messages", ANTHROPIC).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(streaming.await(30, TimeUnit.SECONDS), "the first stream is open");

            HttpResponse<String> anthropic = f.send(f.post("/v1/messages", ANTHROPIC));
            assertEquals(529, anthropic.statusCode(), anthropic.body());
            assertTrue(anthropic.body().contains("\"overloaded_error\""), anthropic.body());
            assertEquals("1", anthropic.headers().firstValue("retry-after").orElse(null));
            assertTrue(anthropic.headers().firstValue("x-should-retry").isEmpty(), "overload is worth retrying");

            HttpResponse<String> openai = f.send(f.post("/v1/chat/completions", OPENAI));
            assertEquals(503, openai.statusCode(), openai.body());
            assertEquals("1", openai.headers().firstValue("retry-after").orElse(null));
            assertTrue(openai.headers().firstValue("x-should-retry").isEmpty());

            release.countDown();
            HttpResponse<String> first = held.get(30, TimeUnit.SECONDS);
            assertEquals(200, first.statusCode());
            assertTrue(first.body().contains("done") && first.body().contains("event: message_stop"), first.body());

            HttpResponse<String> after = f.send(f.post("/v1/messages", ANTHROPIC));
            assertEquals(200, after.statusCode(), "the slot was freed: " + after.body());
            assertTrue(after.body().contains("event: message_stop"));
        }
    }

    /**
     * {@code server.max-stream-heap} weighs a request by its body: one stream of a large request fills a small
     * budget, so the next request is refused with the same retryable overload although the count allows 100.
     */
    @Test
    void aLargeRequestFillsTheHeapBudgetAndTheNextIsRefusedAsAnOverload() throws Exception {
        String yaml = GatewayFixture.oneProvider("", "k1").replace("server:\n",
                "server:\n  max-concurrent-streams: 100\n  max-stream-heap: 1048576\n");
        String large = ANTHROPIC.replace("\"hi\"", "\"" + "x".repeat(400_000) + "\"");
        try (GatewayFixture f = new GatewayFixture(home, yaml)) {
            CountDownLatch streaming = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            holdFirstStream(f, streaming, release);
            CompletableFuture<HttpResponse<String>> held = f.http.sendAsync(f.post("/v1/messages", large).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(streaming.await(30, TimeUnit.SECONDS), "a request alone is admitted whatever its size");

            HttpResponse<String> anthropic = f.send(f.post("/v1/messages", ANTHROPIC));
            assertEquals(529, anthropic.statusCode(), anthropic.body());
            assertTrue(anthropic.body().contains("\"overloaded_error\"") && anthropic.body().contains("memory"),
                    anthropic.body());
            assertEquals("1", anthropic.headers().firstValue("retry-after").orElse(null));
            assertTrue(anthropic.headers().firstValue("x-should-retry").isEmpty(), "overload is worth retrying");

            release.countDown();
            assertEquals(200, held.get(30, TimeUnit.SECONDS).statusCode());
            HttpResponse<String> after = f.send(f.post("/v1/messages", ANTHROPIC));
            assertEquals(200, after.statusCode(), "the heap was given back: " + after.body());
        }
    }
}
