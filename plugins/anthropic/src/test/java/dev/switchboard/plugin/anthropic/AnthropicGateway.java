package dev.switchboard.plugin.anthropic;

import dev.switchboard.kernel.Gateway;
import dev.switchboard.testkit.Fixtures;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The real kernel, started in-process with the {@code anthropic} factory registered in code, in front of a
 * {@link FakeAnthropic}. The YAML may write {@code ${FAKE}} for the fake's {@code base-url}. Not thread-safe; one
 * per test.
 */
final class AnthropicGateway implements AutoCloseable {
    static final String GW_KEY = "gw-client-key-0123456789";
    final FakeAnthropic fake;
    final Gateway gateway;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    AnthropicGateway(Path home, FakeAnthropic fake, String yaml) throws Exception {
        this.fake = fake;
        Path conf = home.resolve("gateway.yaml");
        Files.writeString(conf, yaml.replace("${FAKE}", fake.baseUrl()));
        gateway = Gateway.builder().home(home).configFile(conf).env(Map.of()).systemProperties(new Properties())
                .addFactory(new AnthropicProviderFactory()).port(0).start();
    }

    /**
     * A client key, one {@code anthropic} instance {@code claude} (extra instance lines, one account per key named
     * after it whose {@code api-key} is {@code sk-ant-<name>}) and a route of every model to it.
     */
    static String yaml(String instanceExtra, String... keys) {
        StringBuilder sb = new StringBuilder("""
                clients:
                  keys:
                    - { name: laptop, key: gw-client-key-0123456789 }
                admin:
                  password: correct-horse-battery
                providers:
                  - id: claude
                    plugin: anthropic
                    base-url: ${FAKE}
                """);
        sb.append(instanceExtra);
        sb.append("    accounts:\n");
        for (String k : keys) {
            sb.append("      - { name: ").append(k).append(", api-key: sk-ant-").append(k).append(" }\n");
        }
        sb.append("""
                routes:
                  - model: "*"
                    targets: [ { provider: claude } ]
                """);
        return sb.toString();
    }

    String base() {
        return gateway.baseUrl();
    }

    HttpRequest.Builder post(String path, String body) {
        return HttpRequest.newBuilder(URI.create(base() + path)).header("content-type", "application/json")
                .header("x-api-key", GW_KEY).header("authorization", "Bearer " + GW_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    /** A Claude Code capture replayed as sent: its path and query, its headers, its body; the gateway's key. */
    HttpRequest.Builder capture(Fixtures.Capture cap) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + cap.url()))
                .POST(HttpRequest.BodyPublishers.ofString(cap.body().toString()));
        cap.headers().forEach((k, v) -> {
            if (!List.of("host", "connection", "content-length", "accept-encoding", "x-api-key").contains(k)) {
                b.header(k, v);
            }
        });
        return b.header("x-api-key", GW_KEY);
    }

    HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Nothing that reached the upstream carries the gateway's client key. */
    void clientKeyNeverReachedTheUpstream() {
        for (var r : fake.http.requests()) {
            if (r.headers().values().stream().anyMatch(v -> v.contains(GW_KEY)) || r.bodyText().contains(GW_KEY)) {
                throw new AssertionError("the gateway's client key reached the upstream: " + r.path() + " " + r.headers());
            }
        }
    }

    @Override
    public void close() {
        gateway.close();
    }
}
