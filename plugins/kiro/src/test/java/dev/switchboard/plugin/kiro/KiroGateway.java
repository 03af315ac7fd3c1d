package dev.switchboard.plugin.kiro;

import dev.switchboard.kernel.Gateway;
import dev.switchboard.plugin.kiro.fake.FakeKiro;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;

/**
 * The real gateway with the kiro plugin in front of a {@link FakeKiro}: one instance {@code kiro} with a social
 * account per name (live tokens issued by the fake), the given extra instance keys, and every {@code claude-*}
 * model routed to {@code claude-sonnet-4-5}. Not thread-safe; one per test.
 */
final class KiroGateway implements AutoCloseable {
    final Gateway gateway;

    KiroGateway(Path home, FakeKiro fake, String instanceExtra, String... accounts) throws Exception {
        String base = fake.baseUrl();
        StringBuilder yaml = new StringBuilder("""
                providers:
                  - id: kiro
                    plugin: kiro
                    base-url: %s
                    endpoints: { refresh: %s/refreshToken, oidc: %s, login: %s }
                """.formatted(base, base, base, base)).append(instanceExtra).append("    accounts:\n");
        for (String name : accounts) {
            String[] t = fake.issueSocial();
            yaml.append("      - { name: ").append(name).append(", auth-method: social, access-token: ").append(t[0])
                    .append(", refresh-token: ").append(t[1]).append(", expires-at: \"")
                    .append(Instant.now().plusSeconds(3600)).append("\", profile-arn: \"").append(FakeKiro.ARN)
                    .append("\", region: us-east-1 }\n");
        }
        yaml.append("""
                routes:
                  - model: claude-*
                    targets: [ { provider: kiro, model: claude-sonnet-4-5 } ]
                """);
        Path conf = home.resolve("gateway.yaml");
        Files.writeString(conf, yaml.toString());
        gateway = Gateway.builder().home(home).configFile(conf).env(Map.of()).systemProperties(new Properties())
                .addFactory(new KiroProviderFactory()).port(0).start();
    }

    /** POSTs an Anthropic Messages body. */
    HttpResponse<String> messages(String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/messages"))
                .header("content-type", "application/json").header("anthropic-version", "2023-06-01")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        gateway.close();
    }
}
