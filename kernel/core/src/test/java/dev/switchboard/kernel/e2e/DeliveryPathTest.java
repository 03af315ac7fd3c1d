package dev.switchboard.kernel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.kernel.store.UsageWriter;
import dev.switchboard.testkit.AnthropicSse;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The delivery path end to end: a request whose usage row cannot be written is failed, not served for free;
 * the pass-through relay polices the upstream's answer; a stream's row is checkpointed while it runs and
 * written as aborted when the client leaves or the gateway stops.
 */
class DeliveryPathTest {
    private static final String STREAM = "{\"model\":\"claude-opus-5-5\",\"max_tokens\":10,\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String UNARY = "{\"model\":\"claude-opus-5-5\",\"max_tokens\":10,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String MESSAGE = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
            + "\"model\":\"m\",\"content\":[{\"type\":\"text\",\"text\":\"relayed\"}],\"stop_reason\":\"end_turn\","
            + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":4,\"output_tokens\":2}}";

    @TempDir
    Path home;

    private static void streamAnswer(GatewayFixture f) {
        String sse = AnthropicSse.start("m", 7).text("ok").end("end_turn", 3).body();
        f.fake.on("POST", "/v1/messages", (req, ex) -> ex.status(200).header("content-type", "text/event-stream")
                .send(sse));
    }

    /** Usage rows can no longer be written: the journal they go to first is closed under the gateway. */
    private static void breakUsageJournal(GatewayFixture f) {
        f.gateway.store().usageJournal().close();
    }

    private static long rows(GatewayFixture f, String where) {
        f.gateway.usageWriter().sync();
        return f.gateway.store().database().jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM usage WHERE " + where).mapTo(Long.class).one());
    }

    @Test
    void aStreamWhoseUsageRowCannotBeWrittenEndsWithTheErrorEventNotMessageStop() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, GatewayFixture.oneProvider("", "k1"))) {
            streamAnswer(f);
            breakUsageJournal(f);
            HttpResponse<String> r = f.send(f.post("/v1/messages", STREAM));
            assertEquals(200, r.statusCode());
            assertTrue(r.body().contains("event: error"), r.body());
            assertTrue(r.body().contains("could not record"), r.body());
            assertFalse(r.body().contains("event: message_stop"), "no normal finish for an unrecorded request");
        }
    }

    @Test
    void aRequestWhoseUsageRowCannotBeWrittenIsNotCountedAsASuccessOnItsAccount() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, GatewayFixture.oneProvider("", "k1"))) {
            streamAnswer(f);
            var account = f.gateway.providers().get("up").pool().find("k1");
            assertEquals(200, f.send(f.post("/v1/messages", STREAM)).statusCode());
            assertEquals(10, account.tokens(), "a recorded stream is credited (7 in + 3 out)");
            breakUsageJournal(f);
            assertTrue(f.send(f.post("/v1/messages", STREAM)).body().contains("could not record"));
            assertEquals(500, f.send(f.post("/v1/messages", UNARY)).statusCode());
            assertEquals(10, account.tokens(), "neither unrecorded request was credited to the account");
        }
    }

    @Test
    void aUnaryRequestWhoseUsageRowCannotBeWrittenGets500() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, GatewayFixture.oneProvider("", "k1"))) {
            streamAnswer(f);
            breakUsageJournal(f);
            HttpResponse<String> anthropic = f.send(f.post("/v1/messages", UNARY));
            assertEquals(500, anthropic.statusCode(), anthropic.body());
            assertTrue(anthropic.body().contains("api_error") && anthropic.body().contains("could not record"));
            assertFalse(anthropic.body().contains("\"text\":\"ok\""), "the answer was not handed out");
            HttpResponse<String> openai = f.send(f.post("/v1/chat/completions", UNARY));
            assertEquals(500, openai.statusCode(), openai.body());
        }
    }

    private static String passThrough(String... keys) {
        return GatewayFixture.oneProvider("    pass-through: true\n", keys);
    }

    @Test
    void passThroughHtml200FailsOverBeforeTheFirstByte() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, passThrough("bad", "good"))) {
            f.fake.on("POST", "/v1/messages", (req, ex) -> {
                if ("bad".equals(req.header("x-api-key"))) {
                    ex.status(200).header("content-type", "text/html").send("<html>proxy login</html>");
                } else {
                    ex.status(200).header("content-type", "application/json").send(MESSAGE);
                }
            });
            for (int i = 0; i < 2; i++) { // round-robin: one of these starts on the bad account
                HttpResponse<String> r = f.send(f.post("/v1/messages", UNARY));
                assertEquals(200, r.statusCode(), r.body());
                assertEquals(MESSAGE, r.body(), "the good account's bytes, untouched");
            }
            assertTrue(f.fake.requests("/v1/messages").stream().anyMatch(q -> "bad".equals(q.header("x-api-key"))));
        }
    }

    @Test
    void passThroughTruncatedJson200FailsOverWhileOddJsonIsRelayedAsIs() throws Exception {
        String odd = "{\"note\":\"no content array, so no usage to read\"}";
        try (GatewayFixture f = new GatewayFixture(home, passThrough("bad", "odd"))) {
            f.fake.on("POST", "/v1/messages", (req, ex) -> ex.status(200).header("content-type", "application/json")
                    .send("bad".equals(req.header("x-api-key")) ? MESSAGE.substring(0, MESSAGE.length() / 2) : odd));
            for (int i = 0; i < 2; i++) { // round-robin: one of these starts on the truncating account
                HttpResponse<String> r = f.send(f.post("/v1/messages", UNARY));
                assertEquals(200, r.statusCode(), r.body());
                assertEquals(odd, r.body(), "readable JSON is relayed even when it carries no usage");
            }
            assertTrue(f.fake.requests("/v1/messages").stream().anyMatch(q -> "bad".equals(q.header("x-api-key"))));
        }
    }

    @Test
    void passThroughStreamAnsweredWithJsonFailsOver() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, passThrough("bad", "good"))) {
            String sse = AnthropicSse.start("m", 7).text("ok").end("end_turn", 3).body();
            f.fake.on("POST", "/v1/messages", (req, ex) -> {
                if ("bad".equals(req.header("x-api-key"))) {
                    ex.status(200).header("content-type", "application/json").send(MESSAGE);
                } else {
                    ex.status(200).header("content-type", "text/event-stream").send(sse);
                }
            });
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> r = f.send(f.post("/v1/messages", STREAM));
                assertEquals(sse, r.body());
            }
        }
    }

    @Test
    void passThroughStreamWithoutMessageStopEndsWithTheErrorEvent() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, passThrough("k1"))) {
            List<String> frames = AnthropicSse.start("m", 7).text("partial").frames();
            f.fake.on("POST", "/v1/messages", (req, ex) -> {
                ex.status(200).header("content-type", "text/event-stream");
                frames.forEach(ex::write);
                ex.end();
            });
            HttpResponse<String> r = f.send(f.post("/v1/messages", STREAM));
            assertTrue(r.body().startsWith(String.join("", frames)), "what arrived was relayed untouched");
            assertTrue(r.body().contains("event: error"), r.body());
            assertFalse(r.body().contains("message_stop"));
            assertEquals(1, rows(f, "outcome = 'error'"));
        }
    }

    @Test
    void passThroughTerminalEventLeavesAfterItsUsageRowIsCommitted() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, passThrough("k1"))) {
            String sse = AnthropicSse.start("m", 7).text("ok").end("end_turn", 3).body();
            f.fake.on("POST", "/v1/messages", (req, ex) -> ex.status(200).header("content-type",
                    "text/event-stream").send(sse));
            HttpResponse<String> ok = f.send(f.post("/v1/messages", STREAM));
            assertEquals(sse, ok.body());
            assertEquals(1, rows(f, "outcome = 'ok' AND input_tokens = 7 AND output_tokens = 3"));
            breakUsageJournal(f);
            HttpResponse<String> unrecorded = f.send(f.post("/v1/messages", STREAM));
            assertFalse(unrecorded.body().contains("message_stop"), unrecorded.body());
            assertTrue(unrecorded.body().contains("event: error"));
        }
    }

    /**
     * Converted and relayed alike: a stream that arrives whole in one burst journals only its final row; one whose
     * upstream pauses after the first events journals its start row first, before it waits.
     */
    @ParameterizedTest(name = "pass-through {0}")
    @ValueSource(booleans = {false, true})
    void onlyAStreamThatWaitsForItsUpstreamJournalsAStartRow(boolean passThrough) throws Exception {
        String yaml = GatewayFixture.oneProvider(passThrough ? "    pass-through: true\n" : "", "k1");
        try (GatewayFixture f = new GatewayFixture(home, yaml)) {
            CountDownLatch paused = new CountDownLatch(1);
            CountDownLatch resume = new CountDownLatch(1);
            List<String> frames = AnthropicSse.start("m", 7).text("a", "b").end("end_turn", 3).frames();
            f.fake.on("POST", "/v1/messages", (req, ex) -> {
                ex.status(200).header("content-type", "text/event-stream");
                if (!req.bodyText().contains("\"max_tokens\":11")) {
                    ex.send(String.join("", frames)); // the whole answer in one write
                    return;
                }
                for (int i = 0; i < 3; i++) {
                    ex.write(frames.get(i));
                }
                paused.countDown();
                resume.await(30, TimeUnit.SECONDS);
                for (int i = 3; i < frames.size(); i++) {
                    ex.write(frames.get(i));
                }
                ex.end();
            });
            UsageWriter writer = f.gateway.usageWriter();
            long before = writer.rows();
            assertTrue(f.send(f.post("/v1/messages", STREAM)).body().contains("message_stop"));
            assertEquals(before + 1, writer.rows(), "one burst: the final row only");

            String paused11 = STREAM.replace("\"max_tokens\":10", "\"max_tokens\":11"); // the script pauses it
            CompletableFuture<HttpResponse<String>> slow = f.http.sendAsync(f.post("/v1/messages", paused11).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(paused.await(30, TimeUnit.SECONDS));
            awaitRows(f, "outcome = 'aborted' AND input_tokens = 7", 1); // the start row, while the upstream waits
            resume.countDown();
            assertTrue(slow.get(30, TimeUnit.SECONDS).body().contains("message_stop"));
            assertEquals(before + 3, writer.rows(), "a paused stream: its start row, then its final row");
            assertEquals(2, rows(f, "outcome = 'ok' AND output_tokens = 3"));
        }
    }

    @Test
    void aRunningStreamIsCheckpointedAndItsFinalRowReplacesTheCheckpoint() throws Exception {
        String yaml = GatewayFixture.oneProvider("", "k1").replace("server:\n",
                "storage:\n  usage-checkpoint-interval: 100ms\nserver:\n");
        try (GatewayFixture f = new GatewayFixture(home, yaml)) {
            CountDownLatch release = new CountDownLatch(1);
            List<String> frames = AnthropicSse.start("m", 11).text("a", "b").end("end_turn", 3).frames();
            f.fake.on("POST", "/v1/messages", (req, ex) -> {
                ex.status(200).header("content-type", "text/event-stream");
                for (int i = 0; i < 4; i++) {
                    ex.write(frames.get(i));
                }
                for (int i = 0; i < 300 && release.getCount() > 0; i++) {
                    ex.write("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                            + "\"delta\":{\"type\":\"text_delta\",\"text\":\"x\"}}\n\n"); // events keep checkpoints due
                    release.await(20, TimeUnit.MILLISECONDS);
                }
                for (int i = 4; i < frames.size(); i++) {
                    ex.write(frames.get(i));
                }
                ex.end();
            });
            CompletableFuture<HttpResponse<String>> running = f.http.sendAsync(f.post("/v1/messages", STREAM).build(),
                    HttpResponse.BodyHandlers.ofString());
            awaitRows(f, "outcome = 'aborted' AND input_tokens = 11 AND stream_key IS NOT NULL", 1);
            release.countDown();
            HttpResponse<String> done = running.get(30, TimeUnit.SECONDS);
            assertTrue(done.body().contains("message_stop"));
            assertEquals(1, rows(f, "stream_key IS NOT NULL"), "the checkpoint became the final row");
            assertEquals(1, rows(f, "outcome = 'ok' AND output_tokens = 3"));
        }
    }

    @Test
    void streamsStillRunningAtShutdownEndWithTheErrorEventAndAnAbortedRow() throws Exception {
        String yaml = GatewayFixture.oneProvider("", "k1").replace("server:\n", "server:\n  shutdown-grace: 300ms\n");
        GatewayFixture f = new GatewayFixture(home, yaml);
        CountDownLatch streaming = new CountDownLatch(1);
        List<String> frames = AnthropicSse.start("m", 5).text("first").frames();
        f.fake.on("POST", "/v1/messages", (req, ex) -> {
            ex.status(200).header("content-type", "text/event-stream");
            frames.forEach(ex::write);
            streaming.countDown();
            Thread.sleep(Duration.ofSeconds(60)); // an upstream that never finishes
        });
        CompletableFuture<HttpResponse<String>> running = f.http.sendAsync(f.post("/v1/messages", STREAM).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(streaming.await(30, TimeUnit.SECONDS));
        awaitRows(f, "outcome = 'aborted'", 1); // its start row
        var store = f.gateway.store();
        f.gateway.close();
        HttpResponse<String> cut = running.get(30, TimeUnit.SECONDS);
        assertTrue(cut.body().contains("event: error"), cut.body());
        assertFalse(cut.body().contains("message_stop"));
        try (var reopened = dev.switchboard.kernel.store.Store.open(
                dev.switchboard.kernel.store.StorageSettings.of(f.gateway.config().storage().dataDir()),
                java.time.Clock.systemUTC(), java.util.Map.of())) {
            long aborted = reopened.database().jdbi().withHandle(h -> h.createQuery(
                    "SELECT COUNT(*) FROM usage WHERE outcome = 'aborted' AND input_tokens = 5 AND output_tokens > 0")
                    .mapTo(Long.class).one());
            assertEquals(1, aborted, "one aborted row with the tokens seen so far");
        } finally {
            f.fake.close();
        }
        assertTrue(store != null);
    }

    private static void awaitRows(GatewayFixture f, String where, long n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (rows(f, where) < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no row where " + where);
            }
            Thread.sleep(20);
        }
    }
}
