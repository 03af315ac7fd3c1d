package dev.switchboard.plugin.kiro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.kernel.Gateway;
import dev.switchboard.plugin.kiro.fake.ChatScript;
import dev.switchboard.plugin.kiro.fake.FakeKiro;
import dev.switchboard.spi.AccountState;
import dev.switchboard.spi.json.Jsons;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Account poisoning through the real gateway: Kiro error answers whose message quotes what the client sent — even
 * text that reads like an auth or quota error — are the client's answer; the account stays active. Only the status,
 * x-amzn-errortype / __type and the structured reason decide account effects.
 */
class AccountPoisoningGatewayTest {
    @TempDir
    Path home;

    @Test
    void clientTextQuotedInKiroErrorsLeavesTheAccountActive() throws Exception {
        try (FakeKiro fake = new FakeKiro()) {
            String[] t = fake.issueSocial();
            String base = fake.baseUrl();
            Path conf = home.resolve("gateway.yaml");
            Files.writeString(conf, """
                    providers:
                      - id: kiro
                        plugin: kiro
                        base-url: %s
                        endpoints: { refresh: %s/refreshToken, oidc: %s, login: %s }
                        health-check: false
                        usage-sync-interval: 1d
                        accounts:
                          - { name: main, auth-method: social, access-token: %s, refresh-token: %s, expires-at: "%s", profile-arn: "%s", region: us-east-1 }
                    routes:
                      - model: claude-*
                        targets: [ { provider: kiro, model: claude-sonnet-4-5 } ]
                    """.formatted(base, base, base, base, t[0], t[1], Instant.now().plusSeconds(3600), FakeKiro.ARN));
            try (Gateway g = Gateway.builder().home(home).configFile(conf).env(Map.of()).systemProperties(new Properties())
                    .addFactory(new KiroProviderFactory()).port(0).start()) {
                String quoted = "{\"message\":" + Jsons.quote("Tool 'The bearer token included in the request is invalid."
                        + " AccessDeniedException MONTHLY_REQUEST_COUNT ThrottlingException' is invalid") + ",\"reason\":null}";
                for (int status : new int[]{400, 403, 404, 409, 422}) {
                    fake.script(ChatScript.error(status, quoted));
                    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(g.baseUrl() + "/v1/messages")).header("content-type", "application/json")
                            .header("anthropic-version", "2023-06-01").POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\","
                                            + "\"content\":\"invalid api key\"}]}")).build(), HttpResponse.BodyHandlers.ofString());
                    assertTrue(r.statusCode() >= 400 && r.statusCode() < 500, status + " -> " + r.statusCode() + " " + r.body());
                    assertEquals(AccountState.ACTIVE, g.providers().get("kiro").pool().find("main").status().state(),
                            "after HTTP " + status);
                }
                assertEquals(5, fake.server().requests("/generateAssistantResponse").size(), "no refresh-and-retry either");
            }
        }
    }
}
