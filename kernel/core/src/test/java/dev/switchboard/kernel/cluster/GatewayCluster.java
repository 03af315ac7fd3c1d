package dev.switchboard.kernel.cluster;

import dev.switchboard.kernel.Gateway;
import dev.switchboard.kernel.pool.PooledAccount;
import dev.switchboard.kernel.testplugin.RotatingTokenProviderFactory;
import dev.switchboard.kernel.testplugin.ScriptedAnthropicProviderFactory;
import dev.switchboard.spi.AccountState;
import dev.switchboard.testkit.FakeUpstream;
import dev.switchboard.testkit.MutableClock;
import dev.switchboard.testkit.PostgresCluster;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * Gateways in one JVM that share nothing but a PostgreSQL database (a new schema of the test cluster): each has
 * its own home, data directory, pools and caches; they share the encryption key, the admin password and a clock
 * the test moves. In front of one scripted fake upstream. Not thread-safe; one per test.
 */
final class GatewayCluster implements AutoCloseable {
    static final String ADMIN_PASSWORD = "cluster-admin-password";
    static final String OPEN_KEY = "sk-test-open-key-0123456789";
    static final String LIMITED_KEY = "sk-test-limited-key-0123456789";

    final FakeUpstream fake = FakeUpstream.start();
    final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    final String url = PostgresCluster.get().newSchema();
    final List<Gateway> gateways = new ArrayList<>();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Path dir;
    private final Map<String, String> env;

    GatewayCluster(Path dir) {
        this.dir = dir;
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        this.env = Map.of("SWITCHBOARD_ENCRYPTION_KEY", Base64.getEncoder().encodeToString(key),
                "SWITCHBOARD_DB_PASSWORD", PostgresCluster.PASSWORD, "SWITCHBOARD_ADMIN_PASSWORD", ADMIN_PASSWORD);
    }

    /**
     * The configuration every instance runs: the shared database, two client keys ({@code limited} with
     * {@code rpm}), and {@code providers} (YAML under {@code providers:}, {@code ${FAKE}} for the fake's URL).
     */
    String yaml(int rpm, String providers) {
        return """
                server:
                  heartbeat-interval: 200ms
                storage:
                  url: %s
                  username: %s
                  password: ${SWITCHBOARD_DB_PASSWORD}
                  poll-interval: 1s
                  quota-sync-interval: 100ms
                admin:
                  password: ${SWITCHBOARD_ADMIN_PASSWORD}
                clients:
                  keys:
                    - { name: open, key: %s }
                    - { name: limited, key: %s, rpm: %d }
                providers:
                %s
                routes:
                  - model: claude-*
                    targets: [ { provider: up } ]
                """.formatted(url, PostgresCluster.USER, OPEN_KEY, LIMITED_KEY, rpm,
                providers.replace("${FAKE}", fake.baseUrl()).indent(2).stripTrailing())
                + (providers.contains("id: rot") ? "  - model: rot-*\n    targets: [ { provider: rot } ]\n" : "");
    }

    /** Two api-key accounts on the scripted Anthropic fake: {@code a1} (key {@code key-a1}) and {@code a2}. */
    static String twoAccounts() {
        return """
                - id: up
                  plugin: scripted
                  base-url: ${FAKE}
                  models: [ claude-sonnet-4-5 ]
                  accounts:
                    - { name: a1, api-key: key-a1 }
                    - { name: a2, api-key: key-a2 }
                """;
    }

    /** Starts {@code n} instances of {@code yaml} at the same moment. */
    List<Gateway> start(int n, String yaml) throws Exception {
        List<Callable<Gateway>> starts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Path home = Files.createDirectories(dir.resolve("instance-" + gateways.size() + i));
            Path conf = home.resolve("gateway.yaml");
            Files.writeString(conf, yaml);
            starts.add(() -> Gateway.builder().home(home).configFile(conf).env(env).systemProperties(new Properties())
                    .clock(clock).addFactory(new ScriptedAnthropicProviderFactory())
                    .addFactory(new RotatingTokenProviderFactory()).port(0).start());
        }
        List<Gateway> started = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
            for (Future<Gateway> f : pool.invokeAll(starts)) {
                started.add(f.get());
            }
        } finally {
            gateways.addAll(started);
        }
        return started;
    }

    /** The environment every instance gets: the shared encryption key and the database and admin passwords. */
    Map<String, String> env() {
        return env;
    }

    Gateway get(int i) {
        return gateways.get(i);
    }

    static String message(String model, String text) {
        return "{\"model\":\"" + model + "\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\""
                + text + "\"}]}";
    }

    HttpResponse<String> post(Gateway g, String key, String body, String... headers) throws IOException,
            InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(g.baseUrl() + "/v1/messages"))
                .header("content-type", "application/json").header("x-api-key", key).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(Gateway g, String path, String bearer) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(g.baseUrl() + path)).timeout(Duration.ofSeconds(30));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static PooledAccount account(Gateway g, String provider, String name) {
        return g.providers().get(provider).pool().find(name);
    }

    static AccountState state(Gateway g, String provider, String name) {
        PooledAccount a = account(g, provider, name);
        return a == null ? null : a.status().state();
    }

    /** Waits until every gateway listens for the others' notifications (a change made before would be missed). */
    static void awaitListening(List<Gateway> gateways) throws InterruptedException {
        for (Gateway each : gateways) {
            await("every instance listens for the others' changes",
                    () -> "listening".equals(each.shared().notifications()));
        }
    }

    /**
     * Waits (up to 30 s, a bound for a loaded machine, not a latency target) until {@code condition} holds, or
     * fails with {@code what}.
     */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(5);
        }
    }

    @Override
    public void close() {
        List<Thread> stops = new ArrayList<>();
        for (Gateway g : gateways) {
            stops.add(Thread.ofVirtual().start(g::close));
        }
        for (Thread t : stops) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        fake.close();
    }
}
