package dev.switchboard.plugin.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An OpenAI Responses client on the converted path, against a fake that refuses any thinking signature it did not
 * issue: this upstream's signature goes to the client wrapped with its issuer, comes back in the client's history and
 * is sent upstream again; OpenAI's own {@code encrypted_content} in the same history is left out.
 */
class ConvertedSignaturesGatewayTest {
    static final String MODEL = "claude-sonnet-4-5";

    @TempDir
    Path home;

    @Test
    void theUpstreamsOwnSignatureRoundTripsThroughAResponsesClientAndAForeignOneIsDropped() throws Exception {
        FakeAnthropic fake = new FakeAnthropic();
        fake.strictSignatures = true;
        fake.reply = FakeAnthropic.Reply.thinking(MODEL, "Paris is in France.", "sig-resp-7", "It is sunny.");
        try (fake; AnthropicGateway g = new AnthropicGateway(home, fake, AnthropicGateway.yaml("", "k1"))) {
            HttpResponse<String> first = g.send(g.post("/v1/responses", "{\"model\":\"" + MODEL + "\",\"input\":\"q1\","
                    + "\"reasoning\":{\"effort\":\"high\"},\"include\":[\"reasoning.encrypted_content\"],\"store\":false}"));
            assertEquals(200, first.statusCode(), first.body());
            JsonObject reasoning = null;
            for (JsonValue v : Jsons.parseObject(first.body()).getJsonArray("output")) {
                if ("reasoning".equals(Jsons.str(v.asJsonObject(), "type"))) {
                    reasoning = v.asJsonObject();
                }
            }
            assertTrue(reasoning != null, first.body());
            String encrypted = reasoning.getString("encrypted_content");
            assertTrue(encrypted.startsWith("swb1:") && encrypted.endsWith("sig-resp-7"),
                    "an Anthropic-wire signature reaches an OpenAI client wrapped with its issuer: " + encrypted);

            String history = "{\"model\":\"" + MODEL + "\",\"reasoning\":{\"effort\":\"high\"},\"store\":false,\"input\":["
                    + "{\"role\":\"user\",\"content\":\"q1\"},"
                    + "{\"type\":\"reasoning\",\"id\":\"rs_1\",\"summary\":[{\"type\":\"summary_text\",\"text\":\"t\"}],"
                    + "\"encrypted_content\":%s},"
                    + "{\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"a1\"}]},"
                    + "{\"role\":\"user\",\"content\":\"q2\"}]}";
            HttpResponse<String> own = g.send(g.post("/v1/responses", history.formatted(Jsons.quote(encrypted))));
            assertEquals(200, own.statusCode(), "the strict upstream accepts its own signature: " + own.body());
            String sent = fake.last().bodyText();
            assertTrue(sent.contains("\"signature\":\"sig-resp-7\""), "sent upstream unwrapped: " + sent);

            HttpResponse<String> foreign = g.send(g.post("/v1/responses",
                    history.formatted(Jsons.quote("gAAAA-openai-own-reasoning"))));
            assertEquals(200, foreign.statusCode(), "OpenAI's reasoning is left out, so the upstream accepts: "
                    + foreign.body());
            assertFalse(fake.last().bodyText().contains("gAAAA-openai-own-reasoning"));
            assertTrue(fake.last().bodyText().contains("a1"), "the rest of the history is kept");
        }
    }
}
