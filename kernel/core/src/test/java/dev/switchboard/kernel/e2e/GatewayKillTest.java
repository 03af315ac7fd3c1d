package dev.switchboard.kernel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.kernel.store.StorageSettings;
import dev.switchboard.kernel.store.Store;
import dev.switchboard.testkit.AnthropicSse;
import dev.switchboard.testkit.FakeUpstream;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a forked gateway under load, with group commit: no answered request loses its usage row (an answer's
 * terminal event leaves only after its row is committed), and streams that were still running have a row
 * (outcome aborted) holding the tokens of their last checkpoint.
 */
class GatewayKillTest {
    private static final String STREAM = "{\"model\":\"claude-opus-5-5\",\"max_tokens\":10,\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"%s\"}]}";

    @TempDir
    Path dir;

    @Test
    void killDashNineUnderLoadLosesNoAnsweredRowAndLeavesCheckpointedStreams() throws Exception {
        try (FakeUpstream fake = FakeUpstream.start()) {
            String fast = AnthropicSse.start("m", 7).text("ok").end("end_turn", 3).body();
            List<String> slowStart = AnthropicSse.start("m", 9).text("slow").frames().subList(0, 3);
            String delta = "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                    + "\"delta\":{\"type\":\"text_delta\",\"text\":\" more words\"}}\n\n";
            fake.on("POST", "/v1/messages", (req, ex) -> {
                ex.status(200).header("content-type", "text/event-stream");
                if (!req.bodyText().contains("slow")) {
                    ex.send(fast);
                    return;
                }
                slowStart.forEach(ex::write);
                for (int i = 0; i < 1200; i++) { // about a minute, far longer than the test runs
                    ex.write(delta);
                    Thread.sleep(50);
                }
                ex.end();
            });
            Path home = dir.resolve("home");
            Files.createDirectories(home);
            Path conf = home.resolve("gateway.yaml");
            Files.writeString(conf, GatewayFixture.oneProvider("", "k1", "k2").replace("${FAKE}", fake.baseUrl())
                    .replace("server:\n", "storage:\n  usage-checkpoint-interval: 200ms\nserver:\n"));
            Process child = start(home, conf);
            try {
                int port = port(child);
                HttpClient http = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();
                URI uri = URI.create("http://127.0.0.1:" + port + "/v1/messages");
                AtomicInteger answered = new AtomicInteger();
                AtomicBoolean stop = new AtomicBoolean();
                try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                    for (int s = 0; s < 3; s++) {
                        http.sendAsync(post(uri, "slow"), HttpResponse.BodyHandlers.ofString());
                    }
                    for (int t = 0; t < 16; t++) {
                        pool.submit(() -> {
                            while (!stop.get()) {
                                try {
                                    HttpResponse<String> r = http.send(post(uri, "fast"),
                                            HttpResponse.BodyHandlers.ofString());
                                    if (r.statusCode() == 200 && r.body().contains("event: message_stop")) {
                                        answered.incrementAndGet();
                                    }
                                } catch (Exception e) {
                                    return; // the gateway died under us
                                }
                            }
                            return;
                        });
                    }
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (answered.get() < 300 && System.nanoTime() < deadline) {
                        Thread.sleep(20);
                    }
                    Thread.sleep(600); // the slow streams passed a few checkpoints
                    child.toHandle().destroyForcibly();
                    assertTrue(child.waitFor(30, TimeUnit.SECONDS));
                    stop.set(true);
                }
                int answeredBeforeKill = answered.get();
                assertTrue(answeredBeforeKill >= 300, "load ran: " + answeredBeforeKill);
                assertEquals(137, child.exitValue(), "killed by SIGKILL");
                try (Store store = Store.open(StorageSettings.of(home.resolve("data")), Clock.systemUTC(), Map.of())) {
                    long ok = count(store, "outcome = 'ok'");
                    assertTrue(ok >= answeredBeforeKill, ok + " ok rows for " + answeredBeforeKill + " answers");
                    // The slow streams are the ones whose upstream reported 9 input tokens; a fast stream that was
                    // running at the kill may leave an aborted row of its own, which is right but not counted here.
                    long slow = count(store, "outcome = 'aborted' AND input_tokens = 9 AND output_tokens > 0");
                    assertEquals(3, slow, "every running stream has a checkpointed row with its tokens so far");
                }
            } finally {
                child.destroyForcibly();
            }
        }
    }

    private static long count(Store store, String where) {
        return store.database().jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM usage WHERE " + where)
                .mapTo(Long.class).one());
    }

    private static HttpRequest post(URI uri, String text) {
        return HttpRequest.newBuilder(uri).header("content-type", "application/json").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(STREAM.formatted(text))).build();
    }

    private Process start(Path home, Path conf) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                ForkedGateway.class.getName(), home.toString(), conf.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(dir.resolve("child.err").toFile());
        pb.environment().remove("SWITCHBOARD_ENCRYPTION_KEY");
        return pb.start();
    }

    private int port(Process child) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("port ")) {
            throw new AssertionError("the forked gateway did not start: " + Files.readString(dir.resolve("child.err")));
        }
        return Integer.parseInt(line.substring(5).trim());
    }
}
