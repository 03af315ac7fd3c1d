package dev.switchboard.kernel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.errors.RateLimitException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.testkit.AnthropicSse;
import dev.switchboard.testkit.Fixtures;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Anthropic clients (Claude Code captures, raw HTTP, anthropic-java) through the gateway to a scripted upstream. */
class AnthropicClientTest {
    @TempDir
    Path home;

    private static void streamText(GatewayFixture f, String... deltas) {
        f.fake.on("POST", "/v1/messages", (req, ex) -> {
            ex.status(200).header("content-type", "text/event-stream");
            for (String frame : AnthropicSse.start("upstream-model", 25).text(deltas).end("end_turn", 5).frames()) {
                ex.write(frame);
            }
            ex.end();
        });
    }

    /** Parses SSE text into (event, data) pairs, checking that every frame has an event line. */
    static List<String[]> frames(String sse) {
        List<String[]> out = new ArrayList<>();
        for (String block : sse.split("\n\n")) {
            if (block.isBlank()) {
                continue;
            }
            String event = null;
            String data = null;
            for (String line : block.split("\n")) {
                if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data = line.substring(6);
                }
            }
            out.add(new String[]{event, data});
        }
        return out;
    }

    @Test
    void claudeCodeCaptureStreamsAWellFormedAnswer() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, GatewayFixture.oneProvider("", "k1"))) {
            streamText(f, "Hi", " there!");
            Fixtures.Capture cap = Fixtures.claudeCode("say-hi");
            HttpRequest.Builder b = f.post(cap.url(), cap.body().toString());
            cap.headers().forEach((k, v) -> {
                if (!List.of("host", "connection", "content-length", "accept-encoding").contains(k)) {
                    b.header(k, v);
                }
            });
            HttpResponse<String> r = f.send(b);
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("text/event-stream", r.headers().firstValue("content-type").orElse(""));
            assertTrue(r.headers().firstValue("request-id").orElse("").startsWith("req_"));
            List<String[]> frames = frames(r.body());
            for (String[] fr : frames) {
                assertNotNull(fr[0], "every frame has an event line: " + r.body());
                assertEquals(fr[0], Jsons.parseObject(fr[1]).getString("type"), "event name equals data.type");
            }
            assertEquals("message_start", frames.get(0)[0]);
            assertEquals("message_stop", frames.get(frames.size() - 1)[0]);
            JsonObject start = Jsons.parseObject(frames.get(0)[1]).getJsonObject("message");
            assertEquals("claude-opus-5-5", start.getString("model"), "the requested model is echoed");
            assertTrue(start.getString("id").startsWith("msg_"));

            JsonObject sent = Jsons.parseObject(f.fake.lastRequest().body());
            assertEquals("claude-opus-5-5", sent.getString("model"));
            assertEquals(12, sent.getJsonArray("tools").size(), "Claude Code's tools reach the upstream");
            assertEquals("k1", f.fake.lastRequest().header("x-api-key"), "the account's key, not the client's");
        }
    }

    @Test
    void bearerAuthNewVersionAndNoQueryAreAcceptedToo() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, GatewayFixture.oneProvider("", "k1"))) {
            streamText(f, "ok");
            HttpResponse<String> r = f.send(f.post("/v1/messages", Fixtures.claudeCodeBody("say-hi").toString())
                    .header("Authorization", "Bearer anything").header("anthropic-version", "2026-10-21"));
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.body().contains("event: message_stop"));
        }
    }

    @Test
    void pathPrefixOfTheBaseUrlIsAccepted() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, GatewayFixture.oneProvider("", "k1"))) {
            streamText(f, "ok");
            HttpResponse<String> r = f.send(f.post("/anthropic/v1/messages?beta=true",
                    Fixtures.claudeCodeBody("say-hi").toString()).header("anthropic-version", "2023-06-01"));
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(404, f.send(f.post("/nothing/here", "{}")).statusCode());
        }
    }

    @Test
    void sdkStreamingAccumulatorAndUnaryProduceTheCompleteMessage() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, GatewayFixture.oneProvider("", "k1"))) {
            f.fake.on("POST", "/v1/messages", (req, ex) -> {
                ex.status(200).header("content-type", "text/event-stream");
                for (String frame : AnthropicSse.start("m", 30).thinking("sig-1", "let me", " think")
                        .text("Calling a tool.").toolUse("toolu_1", "Read", "{\"file_", "path\":\"a.txt\"}")
                        .end("tool_use", 9).frames()) {
                    ex.write(frame);
                }
                ex.end();
            });
            AnthropicClient client = AnthropicOkHttpClient.builder().baseUrl(f.base()).apiKey("unused")
                    .maxRetries(0).build();
            MessageCreateParams params = MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(1000)
                    .addUserMessage("read a.txt").build();
            MessageAccumulator acc = MessageAccumulator.create();
            try (StreamResponse<RawMessageStreamEvent> s = client.messages().createStreaming(params)) {
                s.stream().forEach(acc::accumulate);
            }
            Message m = acc.message();
            assertEquals(StopReason.TOOL_USE, m.stopReason().orElseThrow());
            assertEquals(3, m.content().size());
            assertEquals("let me think", m.content().get(0).asThinking().thinking());
            assertEquals("sig-1", m.content().get(0).asThinking().signature());
            assertEquals("Calling a tool.", m.content().get(1).asText().text());
            assertEquals("Read", m.content().get(2).asToolUse().name());
            assertEquals(java.util.Map.of("file_path", "a.txt"), m.content().get(2).asToolUse()._input()
                    .convert(java.util.Map.class));
            assertEquals(30, m.usage().inputTokens());
            assertEquals(9, m.usage().outputTokens());

            Message unary = client.messages().create(params);
            assertEquals(3, unary.content().size(), "the non-stream reply folds the same stream");
            assertEquals("claude-sonnet-4-5", unary.model().asString());
        }
    }

    @Test
    void upstreamErrorsMapToAnthropicErrors() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, GatewayFixture.oneProvider("", "k1"))) {
            f.fake.on("POST", "/v1/messages", (req, ex) -> ex.status(429).header("retry-after", "7")
                    .json("{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}"));
            HttpResponse<String> r = f.send(f.post("/v1/messages", simple(false)));
            assertEquals(429, r.statusCode(), r.body());
            assertEquals("rate_limit_error", Jsons.parseObject(r.body()).getJsonObject("error").getString("type"));
            long ra = Long.parseLong(r.headers().firstValue("retry-after").orElseThrow());
            assertTrue(ra >= 6 && ra <= 7, "Retry-After is the soonest recovery: " + ra);
        }
        for (int[] c : new int[][]{{500, 502}, {529, 529}, {503, 529}, {400, 400}, {401, 502}, {504, 504}}) {
            try (GatewayFixture f = new GatewayFixture(home, GatewayFixture.oneProvider("", "k1"))) {
                f.fake.on("POST", "/v1/messages", (req, ex) -> ex.status(c[0])
                        .json("{\"type\":\"error\",\"error\":{\"type\":\"x\",\"message\":\"upstream says no\"}}"));
                HttpResponse<String> r = f.send(f.post("/v1/messages", simple(false)));
                assertEquals(c[1], r.statusCode(), "upstream " + c[0] + ": " + r.body());
                JsonObject err = Jsons.parseObject(r.body());
                assertEquals("error", err.getString("type"));
                assertFalse(r.body().contains("Exception"), r.body());
            }
        }
    }

    @Test
    void sdkSeesRateLimitAndServerErrors() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, GatewayFixture.oneProvider("", "k1"))) {
            f.fake.on("POST", "/v1/messages", (req, ex) -> ex.status(429).header("retry-after", "3")
                    .json("{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow\"}}"));
            AnthropicClient client = AnthropicOkHttpClient.builder().baseUrl(f.base()).apiKey("x").maxRetries(0).build();
            MessageCreateParams p = MessageCreateParams.builder().model("claude-opus-5-5").maxTokens(10)
                    .addUserMessage("hi").build();
            assertThrows(RateLimitException.class, () -> client.messages().create(p));
            // The only account now cools down: the next request is refused at once with the same 429.
            assertThrows(RateLimitException.class, () -> client.messages().create(p));
            assertEquals(1, f.fake.requests("/v1/messages").size(), "a cooling account is not called");
        }
        try (GatewayFixture f = new GatewayFixture(home, GatewayFixture.oneProvider("", "k1"))) {
            f.fake.on("POST", "/v1/messages", (req, ex) -> ex.status(500).send("<html>oops</html>"));
            AnthropicClient client = AnthropicOkHttpClient.builder().baseUrl(f.base()).apiKey("x").maxRetries(0).build();
            MessageCreateParams p = MessageCreateParams.builder().model("claude-opus-5-5").maxTokens(10)
                    .addUserMessage("hi").build();
            AnthropicServiceException e = assertThrows(AnthropicServiceException.class, () -> client.messages().create(p));
            assertEquals(502, e.statusCode());
        }
    }

    @Test
    void midStreamErrorEndsWithAnErrorEvent() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, GatewayFixture.oneProvider("", "k1"))) {
            f.fake.on("POST", "/v1/messages", (req, ex) -> {
                ex.status(200).header("content-type", "text/event-stream");
                AnthropicSse s = AnthropicSse.start("m", 5);
                List<String> frames = s.frames();
                frames.forEach(ex::write);
                ex.write("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
                        + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
                ex.write("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                        + "\"delta\":{\"type\":\"text_delta\",\"text\":\"partial\"}}\n\n");
                ex.write("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                        + "\"message\":\"Overloaded\"}}\n\n");
                ex.end();
            });
            HttpResponse<String> r = f.send(f.post("/v1/messages", simple(true)));
            assertEquals(200, r.statusCode());
            List<String[]> frames = frames(r.body());
            String[] last = frames.get(frames.size() - 1);
            assertEquals("error", last[0], r.body());
            assertEquals("overloaded_error", Jsons.parseObject(last[1]).getJsonObject("error").getString("type"));
            assertTrue(r.body().contains("content_block_stop"), "the open block is closed first");
            assertFalse(r.body().contains("message_stop"), "a failure never looks like a normal finish");
        }
    }

    @Test
    void failoverToTheSecondAccountOn429And500AndReset() throws Exception {
        for (String fault : List.of("429", "500", "reset")) {
            try (GatewayFixture f = new GatewayFixture(home, GatewayFixture.oneProvider("    strategy: oldest-first\n",
                    "bad", "good"))) {
                f.fake.on("POST", "/v1/messages", (req, ex) -> {
                    if ("bad".equals(req.header("x-api-key"))) {
                        switch (fault) {
                            case "429" -> ex.status(429).header("retry-after", "30").json("{\"error\":{\"message\":\"x\"}}");
                            case "500" -> ex.status(500).json("{\"error\":{\"message\":\"boom\"}}");
                            default -> {
                                ex.status(200).header("content-type", "text/event-stream");
                                ex.cut();
                            }
                        }
                        return;
                    }
                    ex.status(200).header("content-type", "text/event-stream");
                    AnthropicSse.start("m", 3).text("served by good").end("end_turn", 2).frames().forEach(ex::write);
                    ex.end();
                });
                HttpResponse<String> r = f.send(f.post("/v1/messages", simple(true)));
                assertEquals(200, r.statusCode(), fault + ": " + r.body());
                assertTrue(r.body().contains("served by good"), fault + ": " + r.body());
                assertEquals(1, r.body().split("event: message_start").length - 1, "one clean answer");
                assertEquals(2, f.fake.requests("/v1/messages").size());
            }
        }
    }

    @Test
    void heartbeatsFlowDuringSilence() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, GatewayFixture.oneProvider("", "k1"))) {
            f.fake.on("POST", "/v1/messages", (req, ex) -> {
                ex.status(200).header("content-type", "text/event-stream");
                List<String> frames = AnthropicSse.start("m", 3).text("a", "b").end("end_turn", 2).frames();
                for (int i = 0; i < frames.size(); i++) {
                    ex.write(frames.get(i));
                    if (i == 2) {
                        ex.pause(Duration.ofMillis(900)); // silence: the gateway pings every 200 ms
                    }
                }
                ex.end();
            });
            HttpResponse<String> r = f.send(f.post("/v1/messages", simple(true)));
            assertTrue(r.body().contains("event: ping\ndata: {\"type\":\"ping\"}"), r.body());
            assertTrue(r.body().endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"), r.body());
        }
    }

    @Test
    void passThroughRelaysTheUpstreamBytesUntouched() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, GatewayFixture.oneProvider("    pass-through: true\n", "k1"))) {
            String upstream = AnthropicSse.start("upstream-model-id", 11).ping().text("verbatim").end("end_turn", 4).body();
            f.fake.on("POST", "/v1/messages", (req, ex) -> {
                ex.status(200).header("content-type", "text/event-stream");
                ex.write(upstream);
                ex.end();
            });
            HttpResponse<String> r = f.send(f.post("/v1/messages", simple(true)));
            assertEquals(upstream, r.body(), "byte pass-through leaves the upstream's bytes untouched");
        }
    }

    @Test
    void badInputGetsAnthropicShaped4xx() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, GatewayFixture.oneProvider("", "k1"))) {
            HttpResponse<String> notJson = f.send(f.post("/v1/messages", "{not json"));
            assertEquals(400, notJson.statusCode());
            assertEquals("invalid_request_error", Jsons.parseObject(notJson.body()).getJsonObject("error").getString("type"));
            HttpResponse<String> wrongType = f.send(f.post("/v1/messages",
                    "{\"model\":\"claude-opus-5-5\",\"max_tokens\":\"ten\",\"messages\":[{\"role\":\"user\","
                            + "\"content\":\"hi\"}]}"));
            assertEquals(400, wrongType.statusCode());
            assertTrue(Jsons.parseObject(wrongType.body()).getJsonObject("error").getString("message")
                    .contains("max_tokens"), wrongType.body());
            HttpResponse<String> missing = f.send(f.post("/v1/messages", "{\"max_tokens\":10,\"messages\":[]}"));
            assertEquals(400, missing.statusCode());
            assertTrue(missing.body().contains("model"), missing.body());
            String big = "{\"model\":\"claude-opus-5-5\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\""
                    + "x".repeat(4_100_000) + "\"}]}";
            HttpResponse<String> tooBig = f.send(f.post("/v1/messages", big));
            assertEquals(413, tooBig.statusCode());
            assertEquals("request_too_large", Jsons.parseObject(tooBig.body()).getJsonObject("error").getString("type"));
            HttpResponse<String> unknownModel = f.send(f.post("/v1/messages",
                    "{\"model\":\"gpt-9\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
            assertEquals(404, unknownModel.statusCode());
            assertEquals("not_found_error", Jsons.parseObject(unknownModel.body()).getJsonObject("error").getString("type"));
            assertEquals(0, f.fake.requests().size(), "no bad request reached the upstream");
        }
    }

    @Test
    void countTokensCountsSystemAndToolsAndLabelsTheEstimate() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, GatewayFixture.oneProvider("", "k1"))) {
            JsonObject body = Fixtures.claudeCodeBody("count-tokens");
            HttpResponse<String> r = f.send(f.post("/v1/messages/count_tokens?beta=true", body.toString()));
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("estimated", r.headers().firstValue("x-gateway-token-count").orElse(null));
            long withTools = Jsons.parseObject(r.body()).getJsonNumber("input_tokens").longValue();
            assertTrue(withTools > 5000, "12 tool schemas are counted: " + withTools);
            JsonObject withSystem = jakarta.json.Json.createObjectBuilder(body)
                    .add("system", "You are a careful assistant. ".repeat(50)).build();
            long more = Jsons.parseObject(f.send(f.post("/v1/messages/count_tokens", withSystem.toString())).body())
                    .getJsonNumber("input_tokens").longValue();
            assertTrue(more > withTools + 200, withTools + " -> " + more);
            assertEquals(0, f.fake.requests().size(), "counting never calls the upstream");
        }
    }

    private static String simple(boolean stream) {
        return "{\"model\":\"claude-opus-5-5\",\"max_tokens\":100,\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }
}
