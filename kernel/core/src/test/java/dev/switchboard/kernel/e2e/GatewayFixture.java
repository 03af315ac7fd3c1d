package dev.switchboard.kernel.e2e;

import dev.switchboard.kernel.Gateway;
import dev.switchboard.kernel.testplugin.ScriptedAnthropicProviderFactory;
import dev.switchboard.testkit.FakeUpstream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * A gateway in front of a scripted fake Anthropic upstream, for end-to-end tests of the kernel. The YAML
 * may use {@code ${FAKE}} for the fake's base URL. Not thread-safe; one per test.
 */
final class GatewayFixture implements AutoCloseable {
    final FakeUpstream fake = FakeUpstream.start();
    final Gateway gateway;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Each fixture gets its own home (and database) under {@code parent}. */
    GatewayFixture(Path parent, String yaml) throws Exception {
        Path home = Files.createTempDirectory(parent, "gw");
        Path conf = home.resolve("gateway.yaml");
        Files.writeString(conf, yaml.replace("${FAKE}", fake.baseUrl()));
        try {
            gateway = Gateway.builder().home(home).configFile(conf).env(Map.of()).systemProperties(new Properties())
                    .addFactory(new ScriptedAnthropicProviderFactory()).port(0).start();
        } catch (Exception e) {
            fake.close();
            throw e;
        }
    }

    /** One provider with the given accounts (api keys), routing every {@code claude-*} model to it. */
    static String oneProvider(String extra, String... keys) {
        StringBuilder sb = new StringBuilder("""
                server:
                  heartbeat-interval: 200ms
                  max-request-bytes: 4000000
                providers:
                  - id: up
                    plugin: scripted
                    base-url: ${FAKE}
                    models: [ claude-opus-5-5, claude-sonnet-4-5 ]
                """);
        sb.append(extra);
        sb.append("    accounts:\n");
        for (String k : keys) {
            sb.append("      - { name: ").append(k).append(", api-key: ").append(k).append(" }\n");
        }
        sb.append("routes:\n  - model: claude-*\n    targets: [ { provider: up } ]\n");
        return sb.toString();
    }

    String base() {
        return gateway.baseUrl();
    }

    HttpRequest.Builder post(String path, String body) {
        return HttpRequest.newBuilder(URI.create(base() + path)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    /** Logs in as admin with {@code password} and answers the bearer session token. */
    String adminToken(String password) throws IOException, InterruptedException {
        HttpResponse<String> r = send(post("/admin/login", "{\"username\":\"admin\",\"password\":"
                + dev.switchboard.spi.json.Jsons.quote(password) + "}"));
        if (r.statusCode() != 200) {
            throw new AssertionError("admin login answered " + r.statusCode() + ": " + r.body());
        }
        return dev.switchboard.spi.json.Jsons.parseObject(r.body()).getString("token");
    }

    /** An admin API request with a bearer session; {@code body} null sends none. */
    HttpRequest.Builder admin(String token, String method, String path, String body) {
        return HttpRequest.newBuilder(URI.create(base() + path)).header("Authorization", "Bearer " + token)
                .header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    }

    HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Waits (up to 10 s) until {@code n} usage rows exist: a unary answer reaches the client just before its row is
     * written, so a test that reads rows right after the response must wait for them.
     */
    void awaitUsageRows(int n) throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        while (true) {
            long rows = gateway.store().database().jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM usage")
                    .mapTo(Long.class).one());
            if (rows >= n) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + n + " usage rows, found " + rows);
            }
            Thread.sleep(10);
        }
    }

    @Override
    public void close() {
        try {
            gateway.close();
        } finally {
            fake.close();
        }
    }
}
