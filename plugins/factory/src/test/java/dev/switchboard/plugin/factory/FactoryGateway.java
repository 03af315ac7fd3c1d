package dev.switchboard.plugin.factory;

import dev.switchboard.kernel.Gateway;
import dev.switchboard.plugin.factory.fake.FakeFactory;
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
 * The real kernel in-process with the factory plugin registered in code, in front of a {@link FakeFactory}.
 * The YAML may use {@code ${FAKE}} for the fake's base URL. {@link #restart()} stops and starts a gateway on
 * the same home (same database). Not thread-safe; one per test.
 */
final class FactoryGateway implements AutoCloseable {
    final FakeFactory fake;
    final Path home;
    final String yaml;
    Gateway gateway;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    FactoryGateway(Path home, FakeFactory fake, String yaml) throws Exception {
        this.home = home;
        this.fake = fake;
        this.yaml = yaml.replace("${FAKE}", fake.baseUrl());
        start();
    }

    private void start() throws Exception {
        Path conf = home.resolve("gateway.yaml");
        Files.writeString(conf, yaml);
        gateway = Gateway.builder().home(home).configFile(conf).env(Map.of()).systemProperties(new Properties())
                .addFactory(new FactoryProviderFactory(Map.<String, String>of()::get)).port(0).start();
    }

    void restart() throws Exception {
        gateway.close();
        start();
    }

    /** One factory instance with the given extra keys and static accounts, every model routed to it. */
    static String yaml(String extra, String accounts) {
        return """
                server:
                  heartbeat-interval: 500ms
                providers:
                  - id: factory
                    plugin: factory
                    base-url: ${FAKE}
                    workos-base-url: ${FAKE}
                    health-check: false
                    usage-sync-interval: 1d
                """ + extra + (accounts.isEmpty() ? "    accounts: []\n" : "    accounts:\n" + accounts) + """
                routes:
                  - model: "*"
                    targets: [ { provider: factory } ]
                """;
    }

    static String keys(String... keys) {
        StringBuilder sb = new StringBuilder();
        for (String k : keys) {
            sb.append("      - { name: ").append(k).append(", api-key: ").append(k).append(" }\n");
        }
        return sb.toString();
    }

    String base() {
        return gateway.baseUrl();
    }

    HttpRequest.Builder post(String path, String body) {
        return HttpRequest.newBuilder(URI.create(base() + path)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
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
