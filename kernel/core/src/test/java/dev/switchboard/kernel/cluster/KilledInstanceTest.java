package dev.switchboard.kernel.cluster;

import static dev.switchboard.kernel.cluster.GatewayCluster.OPEN_KEY;
import static dev.switchboard.kernel.cluster.GatewayCluster.await;
import static dev.switchboard.kernel.cluster.GatewayCluster.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.kernel.e2e.ForkedGateway;
import dev.switchboard.testkit.AnthropicSse;
import dev.switchboard.testkit.PostgresCluster;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three gateways in their own JVMs on one PostgreSQL database, under round-robin load; one is killed with
 * SIGKILL. The other two keep answering every request sent to them, and the killed one starts again from its
 * configuration alone: no lock, lease or row it held stands in the way, and the usage it had journaled before
 * it died reaches the shared database, so no answered request of any instance is missing from the usage.
 */
class KilledInstanceTest {
    private static final String OK = AnthropicSse.start("m", 7).text("ok").end("end_turn", 3).body();

    @TempDir
    Path dir;
    private GatewayCluster cluster;
    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void stop() {
        children.forEach(Process::destroyForcibly);
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void oneInstanceKilledUnderLoadLeavesTheOthersServingAndRestartsWithoutAManualStep() throws Exception {
        cluster = new GatewayCluster(dir);
        cluster.fake.on("POST", "/v1/messages", (req, ex) -> ex.status(200)
                .header("content-type", "text/event-stream").send(OK));
        String yaml = cluster.yaml(0, GatewayCluster.twoAccounts());
        List<Process> started = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            started.add(fork("instance-" + i, yaml));
        }
        List<URI> uris = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            uris.add(URI.create("http://127.0.0.1:" + port(started.get(i), "instance-" + i) + "/v1/messages"));
        }

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        AtomicIntegerArray answered = new AtomicIntegerArray(3);
        AtomicIntegerArray failed = new AtomicIntegerArray(3);
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean killed = new AtomicBoolean();
        try (ExecutorService load = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < 4; t++) {
                load.submit(() -> {
                    while (!stop.get()) {
                        int i = Math.floorMod(next.getAndIncrement(), 3);
                        if (i == 0 && killed.get()) {
                            continue; // a load balancer's health check has taken it out
                        }
                        try {
                            HttpResponse<String> r = http.send(post(uris.get(i)), HttpResponse.BodyHandlers.ofString());
                            (r.statusCode() == 200 ? answered : failed).incrementAndGet(i);
                        } catch (IOException e) {
                            failed.incrementAndGet(i);
                        }
                    }
                    return null;
                });
            }
            await("every instance answered some requests", () -> answered.get(0) >= 10 && answered.get(1) >= 10
                    && answered.get(2) >= 10);
            Process victim = started.get(0);
            victim.destroyForcibly();
            assertTrue(victim.waitFor(30, TimeUnit.SECONDS), "the killed instance exited");
            assertEquals(137, victim.exitValue(), "killed by SIGKILL");
            killed.set(true);
            int survivorsBefore = answered.get(1) + answered.get(2);
            await("the survivors answered 30 more requests", () -> answered.get(1) + answered.get(2)
                    >= survivorsBefore + 30);
            stop.set(true);
        }
        assertEquals(0, failed.get(1), "every request sent to a survivor was answered");
        assertEquals(0, failed.get(2), "every request sent to a survivor was answered");
        for (int i = 1; i < 3; i++) {
            HttpResponse<String> ready = http.send(HttpRequest.newBuilder(uris.get(i).resolve("/health/ready"))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ready.statusCode(), ready.body());
        }

        // The same instance again, from the same home: nothing to clean up first.
        Process again = fork("instance-0", yaml);
        URI restarted = URI.create("http://127.0.0.1:" + port(again, "instance-0") + "/v1/messages");
        assertEquals(200, http.send(post(restarted), HttpResponse.BodyHandlers.ofString()).statusCode());
        int total = answered.get(0) + answered.get(1) + answered.get(2) + 1;
        // Rows of requests that died with the instance may be there too (journaled, answer not delivered).
        int maxTotal = total + failed.get(0);
        await("the answered requests of all three instances are in the shared usage", () -> okRows() >= total);
        long rows = okRows();
        assertTrue(rows <= maxTotal, rows + " usage rows for " + total + " answers, at most " + maxTotal);
    }

    private long okRows() {
        try (Connection c = DriverManager.getConnection(cluster.url, PostgresCluster.USER, PostgresCluster.PASSWORD);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM usage WHERE outcome = 'ok'")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpRequest post(URI uri) {
        return HttpRequest.newBuilder(uri).header("content-type", "application/json").header("x-api-key", OPEN_KEY)
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(message("claude-sonnet-4-5", "hi"))).build();
    }

    private Process fork(String name, String yaml) throws IOException {
        Path home = Files.createDirectories(dir.resolve(name));
        Path conf = home.resolve("gateway.yaml");
        Files.writeString(conf, yaml);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                ForkedGateway.class.getName(), home.toString(), conf.toString())
                .redirectError(home.resolve("child.err").toFile());
        pb.environment().putAll(cluster.env());
        Process p = pb.start();
        children.add(p);
        return p;
    }

    private int port(Process child, String name) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("port ")) {
            throw new AssertionError(name + " did not start: " + Files.readString(dir.resolve(name).resolve("child.err")));
        }
        // Keep reading what it prints, so it never blocks on a full pipe.
        Thread.ofVirtual().start(() -> {
            try {
                while (out.readLine() != null) {
                    // discard
                }
            } catch (IOException e) {
                // the child is gone
            }
        });
        return Integer.parseInt(line.substring(5).trim());
    }
}
