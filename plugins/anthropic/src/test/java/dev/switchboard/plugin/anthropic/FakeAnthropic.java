package dev.switchboard.plugin.anthropic;

import dev.switchboard.spi.json.Jsons;
import dev.switchboard.testkit.AnthropicSse;
import dev.switchboard.testkit.FakeUpstream;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A fake Anthropic Messages API (or a compatible vendor's, under a path prefix such as {@code /anthropic}) speaking
 * the real wire format: {@code POST /v1/messages} answers SSE ({@code message_start} … {@code message_stop}) or a JSON
 * message as the request's {@code stream} asks, with Anthropic's rate-limit headers; {@code GET /v1/models} lists
 * models. Like the real API it refuses an unknown credential (401 {@code authentication_error}) and, when
 * {@link #strictSignatures}, any thinking signature it did not issue (400). Faults are injected per credential or for
 * the next calls: 529 {@code overloaded_error}, 429 with {@code retry-after} and reset headers, {@code event: error}
 * mid-stream, a cut connection. Thread-safe.
 */
final class FakeAnthropic implements AutoCloseable {
    static final String MESSAGES = "/v1/messages";
    static final String MODELS = "/v1/models";

    final FakeUpstream http = FakeUpstream.start();
    final String prefix;
    /** Credentials the fake accepts ({@code x-api-key} value or bearer token); empty accepts any. */
    final Set<String> keys = ConcurrentHashMap.newKeySet();
    /** Signatures this fake issued; with {@link #strictSignatures} any other one is refused. */
    final Set<String> issued = ConcurrentHashMap.newKeySet();
    volatile boolean strictSignatures;
    volatile Reply reply = Reply.text("claude-test", "Hello from the fake", 12, 4);
    /** A fixed answer for every call made with one credential. */
    final Map<String, FakeUpstream.Handler> byKey = new ConcurrentHashMap<>();
    /** Answers for the next calls, in order, before the scripted reply. */
    final Queue<FakeUpstream.Handler> next = new ConcurrentLinkedQueue<>();

    /** One scripted answer in both forms. */
    record Reply(AnthropicSse sse, String unary, String signature) {
        static Reply text(String model, String text, long in, long out) {
            return new Reply(AnthropicSse.start(model, in).text(text).end("end_turn", out),
                    message(model, "[" + textBlock(text) + "]", "end_turn", in, out), null);
        }

        static Reply toolUse(String model, String id, String name, String inputJson) {
            return new Reply(AnthropicSse.start(model, 20).text("Checking.").toolUse(id, name, inputJson)
                    .end("tool_use", 9), message(model, "[" + textBlock("Checking.") + ",{\"type\":\"tool_use\",\"id\":"
                    + Jsons.quote(id) + ",\"name\":" + Jsons.quote(name) + ",\"input\":" + inputJson + "}]",
                    "tool_use", 20, 9), null);
        }

        static Reply thinking(String model, String thinking, String signature, String text) {
            return new Reply(AnthropicSse.start(model, 15).thinking(signature, thinking).text(text).end("end_turn", 6),
                    message(model, "[{\"type\":\"thinking\",\"thinking\":" + Jsons.quote(thinking) + ",\"signature\":"
                            + Jsons.quote(signature) + "}," + textBlock(text) + "]", "end_turn", 15, 6), signature);
        }

        private static String textBlock(String text) {
            return "{\"type\":\"text\",\"text\":" + Jsons.quote(text) + "}";
        }

        static String message(String model, String content, String stop, long in, long out) {
            return "{\"id\":\"msg_fake01\",\"type\":\"message\",\"role\":\"assistant\",\"model\":" + Jsons.quote(model)
                    + ",\"content\":" + content + ",\"stop_reason\":\"" + stop + "\",\"stop_sequence\":null,"
                    + "\"usage\":{\"input_tokens\":" + in + ",\"output_tokens\":" + out + "}}";
        }
    }

    FakeAnthropic() {
        this("");
    }

    /** @param prefix the path under which the API lives ({@code /anthropic} for DeepSeek and Kimi) */
    FakeAnthropic(String prefix) {
        this.prefix = prefix;
        http.on("POST", prefix + MESSAGES, this::messages);
        http.on("GET", prefix + MODELS, (r, x) -> {
            if (authorized(r, x)) {
                x.json("{\"data\":[{\"type\":\"model\",\"id\":\"claude-sonnet-4-5\",\"display_name\":\"Claude Sonnet 4.5\","
                        + "\"created_at\":\"2025-09-29T00:00:00Z\"}],\"has_more\":false,\"first_id\":\"claude-sonnet-4-5\","
                        + "\"last_id\":\"claude-sonnet-4-5\"}");
            }
        });
    }

    /** The {@code base-url} to configure. */
    String baseUrl() {
        return http.baseUrl() + prefix;
    }

    List<FakeUpstream.Recorded> calls() {
        return http.requests(prefix + MESSAGES);
    }

    FakeUpstream.Recorded last() {
        List<FakeUpstream.Recorded> c = calls();
        if (c.isEmpty()) {
            throw new AssertionError("the fake received no /v1/messages call");
        }
        return c.get(c.size() - 1);
    }

    JsonObject lastBody() {
        return Jsons.parseObject(last().body());
    }

    /** The credential of a request: {@code x-api-key}, else the bearer token. */
    static String credential(FakeUpstream.Recorded r) {
        String key = r.header("x-api-key");
        if (key != null) {
            return key;
        }
        String auth = r.header("authorization");
        return auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : null;
    }

    private boolean authorized(FakeUpstream.Recorded r, FakeUpstream.Exchange x) throws Exception {
        if (keys.isEmpty() || keys.contains(credential(r))) {
            return true;
        }
        error(401, "authentication_error", "invalid x-api-key").handle(r, x);
        return false;
    }

    private void messages(FakeUpstream.Recorded r, FakeUpstream.Exchange x) throws Exception {
        if (!authorized(r, x)) {
            return;
        }
        FakeUpstream.Handler fault = byKey.get(String.valueOf(credential(r)));
        if (fault == null) {
            fault = next.poll();
        }
        if (fault != null) {
            fault.handle(r, x);
            return;
        }
        JsonObject body = Jsons.parseObject(r.body());
        if (strictSignatures && !signaturesAreOurs(body)) {
            error(400, "invalid_request_error", "messages.1.content.0: Invalid `signature` in `thinking` block")
                    .handle(r, x);
            return;
        }
        Reply answer = reply;
        if (answer.signature() != null) {
            issued.add(answer.signature());
        }
        rateLimitHeaders(x, 49);
        if (Jsons.bool(body, "stream")) {
            x.status(200).header("content-type", "text/event-stream");
            answer.sse().frames().forEach(x::write);
            x.end();
        } else {
            x.json(answer.unary());
        }
    }

    private boolean signaturesAreOurs(JsonObject body) {
        for (JsonValue m : body.getJsonArray("messages")) {
            JsonValue content = m.asJsonObject().get("content");
            if (content.getValueType() != JsonValue.ValueType.ARRAY) {
                continue;
            }
            for (JsonValue b : content.asJsonArray()) {
                JsonObject block = b.asJsonObject();
                if ("thinking".equals(Jsons.str(block, "type")) && !issued.contains(Jsons.str(block, "signature"))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void rateLimitHeaders(FakeUpstream.Exchange x, int remaining) {
        x.header("anthropic-ratelimit-requests-limit", "50")
                .header("anthropic-ratelimit-requests-remaining", String.valueOf(remaining))
                .header("anthropic-ratelimit-requests-reset", "2026-12-07T03:00:00Z")
                .header("request-id", "req_fake01");
    }

    /** An Anthropic error answer. */
    static FakeUpstream.Handler error(int status, String type, String message, String... headerPairs) {
        return (r, x) -> {
            x.status(status);
            for (int i = 0; i + 1 < headerPairs.length; i += 2) {
                x.header(headerPairs[i], headerPairs[i + 1]);
            }
            x.json("{\"type\":\"error\",\"error\":{\"type\":" + Jsons.quote(type) + ",\"message\":" + Jsons.quote(message)
                    + "},\"request_id\":\"req_fake01\"}");
        };
    }

    /** 529 {@code overloaded_error}, as the API answers when it sheds load. */
    static FakeUpstream.Handler overloaded() {
        return error(529, "overloaded_error", "Overloaded");
    }

    /** 429 with {@code retry-after} and a used-up requests bucket resetting at {@code resetAt} (RFC 3339). */
    static FakeUpstream.Handler rateLimited(String retryAfter, String resetAt) {
        return (r, x) -> {
            if (retryAfter != null) {
                x.header("retry-after", retryAfter);
            }
            x.header("anthropic-ratelimit-requests-limit", "50").header("anthropic-ratelimit-requests-remaining", "0")
                    .header("anthropic-ratelimit-requests-reset", resetAt);
            error(429, "rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit")
                    .handle(r, x);
        };
    }

    /** Streams some text, then an {@code event: error} of {@code type} and ends the body. */
    static FakeUpstream.Handler errorEventAfter(String model, String text, String type) {
        return (r, x) -> {
            x.status(200).header("content-type", "text/event-stream");
            AnthropicSse.start(model, 5).text(text).error(type, "Overloaded").frames().forEach(x::write);
            x.end();
        };
    }

    /** Streams some text, then drops the connection. */
    static FakeUpstream.Handler cutAfter(String model, String text) {
        return (r, x) -> {
            x.status(200).header("content-type", "text/event-stream");
            AnthropicSse.start(model, 5).text(text).frames().forEach(x::write);
            x.cut();
        };
    }

    @Override
    public void close() {
        http.close();
    }
}
