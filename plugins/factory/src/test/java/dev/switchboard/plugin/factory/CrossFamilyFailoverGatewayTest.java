package dev.switchboard.plugin.factory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.plugin.factory.fake.FakeFactory;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.testkit.FakeUpstream;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Claude Code conversation that starts on an OpenAI-family upstream (Responses, encrypted reasoning) and fails over
 * mid tool loop to an Anthropic-family one, then comes back: each fake is strict like the real APIs — it refuses any
 * signature it did not issue, and (Anthropic) a final tool turn without its thinking while thinking is on — so the
 * conversation continues only if each upstream gets exactly its own signatures.
 */
class CrossFamilyFailoverGatewayTest {
    @TempDir
    Path home;

    /** Signatures each fake issued; anything else is "invalid signature". */
    private final Set<String> issuedByOpenAi = ConcurrentHashMap.newKeySet();
    private final Set<String> issuedByAnthropic = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean openAiDown = new AtomicBoolean();
    private final AtomicInteger counter = new AtomicInteger();

    /** The OpenAI-family fake's Responses route: checks replayed reasoning, answers reasoning + a tool call. */
    private void responses(FakeUpstream.Recorded r, FakeUpstream.Exchange x) {
        if (openAiDown.get()) {
            x.status(503).json("{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}");
            return;
        }
        JsonObject body = Jsons.parseObject(r.body());
        for (JsonValue v : body.getJsonArray("input")) {
            JsonObject item = v.asJsonObject();
            if ("reasoning".equals(Jsons.str(item, "type")) && !issuedByOpenAi.contains(Jsons.str(item, "encrypted_content"))) {
                x.status(400).json("{\"error\":{\"message\":\"The encrypted content could not be verified.\",\"type\":"
                        + "\"invalid_request_error\",\"code\":\"invalid_encrypted_content\"}}");
                return;
            }
        }
        String enc = "gAAAA-openai-" + counter.incrementAndGet();
        issuedByOpenAi.add(enc);
        x.json("{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"completed\",\"model\":\"gpt-5.2\",\"output\":["
                + "{\"id\":\"rs_1\",\"type\":\"reasoning\",\"summary\":[{\"type\":\"summary_text\",\"text\":\"I should list"
                + " the files.\"}],\"encrypted_content\":\"" + enc + "\"},"
                + "{\"type\":\"function_call\",\"id\":\"fc_1\",\"call_id\":\"call_" + counter.get() + "\",\"name\":\"Bash\","
                + "\"arguments\":\"{\\\"command\\\":\\\"ls\\\"}\"}],"
                + "\"usage\":{\"input_tokens\":20,\"output_tokens\":8,\"total_tokens\":28}}");
    }

    /** The Anthropic-family fake's Messages route: checks every thinking block and the open tool turn. */
    private void messages(FakeUpstream.Recorded r, FakeUpstream.Exchange x) {
        JsonObject body = Jsons.parseObject(r.body());
        JsonArray msgs = body.getJsonArray("messages");
        for (JsonValue m : msgs) {
            JsonValue content = m.asJsonObject().get("content");
            if (content.getValueType() != JsonValue.ValueType.ARRAY) {
                continue;
            }
            for (JsonValue b : content.asJsonArray()) {
                JsonObject block = b.asJsonObject();
                if ("thinking".equals(Jsons.str(block, "type")) && !issuedByAnthropic.contains(Jsons.str(block, "signature"))) {
                    x.status(400).json("{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":"
                            + "\"messages: Invalid `signature` in `thinking` block\"}}");
                    return;
                }
            }
        }
        boolean thinkingOn = body.containsKey("thinking") && !"disabled".equals(Jsons.str(Jsons.obj(body, "thinking"), "type"));
        JsonObject lastAssistant = msgs.getJsonObject(msgs.size() - 2);
        JsonValue lastContent = lastAssistant.get("content");
        if (thinkingOn && lastContent.getValueType() == JsonValue.ValueType.ARRAY
                && !"thinking".equals(Jsons.str(lastContent.asJsonArray().getJsonObject(0), "type"))) {
            x.status(400).json("{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"Expected "
                    + "`thinking` or `redacted_thinking`, but found `tool_use`. When `thinking` is enabled, a final "
                    + "`assistant` message must start with a thinking block\"}}");
            return;
        }
        String sig = "EqQB-anthropic-" + counter.incrementAndGet();
        issuedByAnthropic.add(sig);
        x.json("{\"id\":\"msg_b\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5-20250929\","
                + "\"content\":[{\"type\":\"thinking\",\"thinking\":\"The files are listed.\",\"signature\":\"" + sig + "\"},"
                + "{\"type\":\"text\",\"text\":\"There is a.txt.\"}],\"stop_reason\":\"end_turn\","
                + "\"usage\":{\"input_tokens\":30,\"output_tokens\":9}}");
    }

    private static String yaml(String openAiBase, String anthropicBase) {
        return """
                dispatch:
                  max-attempts: 3
                providers:
                  - id: fa
                    plugin: factory
                    base-url: %s
                    health-check: false
                    usage-sync-interval: 1d
                    accounts: [ { name: a1, api-key: fk-a1 } ]
                  - id: fb
                    plugin: factory
                    base-url: %s
                    health-check: false
                    usage-sync-interval: 1d
                    accounts: [ { name: b1, api-key: fk-b1 } ]
                routes:
                  - model: claude-sonnet-4-5
                    targets:
                      - { provider: fa, model: gpt-5.2 }
                      - { provider: fb, model: claude-sonnet-4-5-20250929 }
                """.formatted(openAiBase, anthropicBase);
    }

    private static String request(JsonArray messages) {
        return Jsons.objectBuilder().add("model", "claude-sonnet-4-5").add("max_tokens", 16000)
                .add("thinking", Jsons.objectBuilder().add("type", "enabled").add("budget_tokens", 4000))
                .add("messages", messages).build().toString();
    }

    @Test
    void aConversationMovesBetweenFamiliesAndBackWithEachGettingOnlyItsOwnSignatures() throws Exception {
        try (FakeFactory openAi = new FakeFactory(); FakeFactory anthropic = new FakeFactory()) {
            openAi.http.on("POST", FakeFactory.O, this::responses);
            anthropic.http.on("POST", FakeFactory.A, this::messages);
            Path conf = home.resolve("gateway.yaml");
            Files.writeString(conf, yaml(openAi.baseUrl(), anthropic.baseUrl()));
            try (dev.switchboard.kernel.Gateway g = dev.switchboard.kernel.Gateway.builder().home(home).configFile(conf)
                    .env(Map.of()).systemProperties(new Properties())
                    .addFactory(new FactoryProviderFactory(Map.<String, String>of()::get)).port(0).start()) {
                java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
                java.util.function.Function<String, HttpResponse<String>> send = body -> {
                    try {
                        return http.send(HttpRequest.newBuilder(URI.create(g.baseUrl() + "/v1/messages"))
                                .header("content-type", "application/json").header("anthropic-version", "2023-06-01")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                };

                // Turn 1 on the OpenAI family: reasoning + a tool call.
                JsonArrayBuilder history = Jsons.arrayBuilder().add(Jsons.objectBuilder().add("role", "user")
                        .add("content", "List the files."));
                HttpResponse<String> first = send.apply(request(history.build()));
                assertEquals(200, first.statusCode(), first.body());
                JsonArray firstContent = Jsons.parseObject(first.body()).getJsonArray("content");
                String wrapped = firstContent.getJsonObject(0).getString("signature");
                assertTrue(wrapped.startsWith("swb1:openai:"), "a foreign signature reaches Claude Code wrapped: " + wrapped);
                String toolId = firstContent.getJsonObject(1).getString("id");

                // Turn 2: the OpenAI family is down mid tool loop; the Anthropic family takes over.
                openAiDown.set(true);
                history.add(Jsons.objectBuilder().add("role", "assistant").add("content", firstContent))
                        .add(Jsons.objectBuilder().add("role", "user").add("content", Jsons.arrayBuilder()
                                .add(Jsons.objectBuilder().add("type", "tool_result").add("tool_use_id", toolId)
                                        .add("content", "a.txt"))));
                JsonArray turn2 = history.build();
                HttpResponse<String> second = send.apply(request(turn2));
                assertEquals(200, second.statusCode(), "the failover continues the conversation: " + second.body());
                String toAnthropic = anthropic.last(FakeFactory.A).bodyText();
                assertFalse(toAnthropic.contains("gAAAA") || toAnthropic.contains("swb1:"),
                        "no OpenAI signature reaches Anthropic: " + toAnthropic);
                assertFalse(Jsons.parseObject(toAnthropic).containsKey("thinking"),
                        "the open tool turn lost its thinking: that call goes with thinking off");
                JsonArray secondContent = Jsons.parseObject(second.body()).getJsonArray("content");
                String anthropicSig = secondContent.getJsonObject(0).getString("signature");
                assertTrue(issuedByAnthropic.contains(anthropicSig), "Anthropic's own signature, unchanged: " + anthropicSig);

                // Turn 3: the OpenAI family is back and gets its own encrypted reasoning again, never Anthropic's.
                openAiDown.set(false);
                JsonArray turn3 = Jsons.arrayBuilder(turn2).add(Jsons.objectBuilder().add("role", "assistant")
                        .add("content", secondContent)).add(Jsons.objectBuilder().add("role", "user")
                        .add("content", "And now?")).build();
                HttpResponse<String> third = send.apply(request(turn3));
                assertEquals(200, third.statusCode(), third.body());
                String toOpenAi = openAi.last(FakeFactory.O).bodyText();
                assertTrue(toOpenAi.contains("\"encrypted_content\":\"" + wrapped.substring(wrapped.lastIndexOf(':') + 1)
                        + "\""), "its own reasoning, unwrapped: " + toOpenAi);
                assertFalse(toOpenAi.contains(anthropicSig) || toOpenAi.contains("swb1:"),
                        "no Anthropic signature reaches OpenAI: " + toOpenAi);
            }
        }
    }
}
