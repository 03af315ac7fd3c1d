package dev.switchboard.plugin.kiro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.plugin.kiro.fake.ChatScript;
import dev.switchboard.plugin.kiro.fake.FakeKiro;
import dev.switchboard.spi.AccountState;
import dev.switchboard.spi.json.Jsons;
import java.net.http.HttpResponse;
import java.nio.file.Path;
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
        try (FakeKiro fake = new FakeKiro();
             KiroGateway g = new KiroGateway(home, fake, "    health-check: false\n    usage-sync-interval: 1d\n", "main")) {
            String quoted = "{\"message\":" + Jsons.quote("Tool 'The bearer token included in the request is invalid."
                    + " AccessDeniedException MONTHLY_REQUEST_COUNT ThrottlingException' is invalid") + ",\"reason\":null}";
            for (int status : new int[]{400, 403, 404, 409, 422}) {
                fake.script(ChatScript.error(status, quoted));
                HttpResponse<String> r = g.messages("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":10,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"invalid api key\"}]}");
                assertTrue(r.statusCode() >= 400 && r.statusCode() < 500, status + " -> " + r.statusCode() + " " + r.body());
                assertEquals(AccountState.ACTIVE, g.gateway.providers().get("kiro").pool().find("main").status().state(),
                        "after HTTP " + status);
            }
            assertEquals(5, fake.server().requests("/generateAssistantResponse").size(), "no refresh-and-retry either");
        }
    }
}
