package dev.switchboard.kernel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.kernel.store.UsageGroupBy;
import dev.switchboard.kernel.store.UsageReport;
import dev.switchboard.testkit.AnthropicSse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Usage rows under load (issue 4: none lost) and graceful shutdown with a stream in flight (issue 2). */
class LoadAndShutdownTest {
    @TempDir
    Path home;

    @Test
    void tenThousandRequestsAt200ConcurrencyLoseNoUsageRow() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, GatewayFixture.oneProvider("    strategy: least-in-flight\n",
                "a", "b", "c", "d"))) {
            String sse = AnthropicSse.start("m", 7).text("ok").end("end_turn", 3).body();
            f.fake.on("POST", "/v1/messages", (req, ex) -> {
                ex.status(200).header("content-type", "text/event-stream");
                ex.send(sse);
            });
            String body = "{\"model\":\"claude-opus-5-5\",\"max_tokens\":10,\"stream\":true,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
            AtomicInteger ok = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            Instant start = Instant.now();
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int t = 0; t < 200; t++) {
                    pool.submit(() -> {
                        for (int i = 0; i < 50; i++) {
                            try {
                                HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                                                URI.create(f.base() + "/v1/messages")).header("content-type",
                                                "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                        HttpResponse.BodyHandlers.ofString());
                                if (r.statusCode() == 200 && r.body().contains("message_stop")) {
                                    ok.incrementAndGet();
                                } else {
                                    failed.incrementAndGet();
                                }
                            } catch (Exception e) {
                                failed.incrementAndGet();
                            }
                        }
                        return null;
                    });
                }
            }
            assertEquals(10_000, ok.get(), "failed: " + failed.get());
            UsageReport report = f.gateway.store().usage().query(UsageGroupBy.ACCOUNT, start.minusSeconds(60),
                    Instant.now().plusSeconds(60));
            assertEquals(10_000, report.total().requests(), "one durable usage row per answered request");
            assertEquals(10_000 * 7L, report.total().inputTokens());
            assertEquals(4, report.groups().size(), "least-in-flight used every account");
        }
    }

    @Test
    void shutdownLetsAStreamInFlightFinishAndRefusesNewRequests() throws Exception {
        GatewayFixture f = new GatewayFixture(home, "server:\n  shutdown-grace: 20s\n"
                + GatewayFixture.oneProvider("", "k1").replace("server:\n", ""));
        CountDownLatch streaming = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> frames = AnthropicSse.start("m", 3).text("before", "after").end("end_turn", 2).frames();
        f.fake.on("POST", "/v1/messages", (req, ex) -> {
            ex.status(200).header("content-type", "text/event-stream");
            for (int i = 0; i < frames.size(); i++) {
                ex.write(frames.get(i));
                if (i == 2) {
                    streaming.countDown();
                    release.await(30, TimeUnit.SECONDS);
                }
            }
            ex.end();
        });
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(f.post("/v1/messages",
                "{\"model\":\"claude-opus-5-5\",\"max_tokens\":10,\"stream\":true,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(streaming.await(30, TimeUnit.SECONDS), "the stream started");
        CompletableFuture<Void> closing = CompletableFuture.runAsync(f::close);
        // While draining, new requests are refused with 503.
        HttpResponse<String> refused = null;
        for (int i = 0; i < 50 && refused == null; i++) {
            Thread.sleep(50);
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(f.base() + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 503) {
                    refused = r;
                }
            } catch (java.io.IOException e) {
                break;
            }
        }
        assertTrue(refused != null, "a request during the drain was refused with 503");
        assertTrue(refused.body().contains("shutting down"));
        release.countDown();
        HttpResponse<String> done = inFlight.get(30, TimeUnit.SECONDS);
        assertEquals(200, done.statusCode());
        assertTrue(done.body().contains("after") && done.body().contains("event: message_stop"),
                "the in-flight stream completed: " + done.body());
        closing.get(30, TimeUnit.SECONDS);
    }
}
