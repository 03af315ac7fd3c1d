package dev.switchboard.kernel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.spi.json.Jsons;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No usable account at all → 529 (Anthropic) / 503 (OpenAI) with {@code x-should-retry: false}. */
class NoCapacityTest {
    @TempDir
    Path home;

    @Test
    void noUsableAccountIs529ForAnthropicAnd503ForOpenAi() throws Exception {
        String yaml = GatewayFixture.oneProvider("", "k1").replace("{ name: k1, api-key: k1 }",
                "{ name: k1, api-key: k1, enabled: false }");
        try (GatewayFixture f = new GatewayFixture(home, yaml)) {
            HttpResponse<String> a = f.send(f.post("/v1/messages",
                    "{\"model\":\"claude-opus-5-5\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
            assertEquals(529, a.statusCode(), a.body());
            assertEquals("overloaded_error", Jsons.parseObject(a.body()).getJsonObject("error").getString("type"));
            assertEquals("false", a.headers().firstValue("x-should-retry").orElse(null));
            HttpResponse<String> o = f.send(f.post("/v1/chat/completions",
                    "{\"model\":\"claude-opus-5-5\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
            assertEquals(503, o.statusCode(), o.body());
            assertEquals("overloaded", Jsons.parseObject(o.body()).getJsonObject("error").getString("code"));
            assertEquals("false", o.headers().firstValue("x-should-retry").orElse(null));
            assertEquals(0, f.fake.requests().size(), "no upstream call without an account");
        }
    }
}
