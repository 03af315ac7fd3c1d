package dev.switchboard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Set;

/**
 * How a client answer must end when the upstream failed: before the first byte a real HTTP error with a JSON body
 * in the client's dialect; after it the dialect's error event as the last thing on the stream — never a normal
 * finish. Fault-injection tests of every plugin share these checks. Stateless.
 */
public final class StreamEndings {
    private StreamEndings() {
    }

    /** An Anthropic stream that ends with {@code event: error} and never says {@code message_stop}. */
    public static void assertAnthropicErrorEnd(HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r.body());
        String body = r.body();
        assertTrue(body.contains("event: error"), "the stream ends with the dialect's error event: " + tail(body));
        assertFalse(body.contains("event: message_stop"), "never a normal finish: " + tail(body));
        assertFalse(body.contains("\"stop_reason\":\"end_turn\""), "never a normal finish: " + tail(body));
        assertTrue(body.strip().endsWith("}"), "the error event is the last frame: " + tail(body));
        assertTrue(body.lastIndexOf("event: error") > body.lastIndexOf("event: content_block"), tail(body));
    }

    /** An OpenAI chat stream that ends with an error chunk and {@code [DONE]}, without a normal finish reason. */
    public static void assertOpenAiErrorEnd(HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r.body());
        String body = r.body();
        assertTrue(body.contains("data: {\"error\""), "the stream carries the error chunk: " + tail(body));
        assertFalse(body.contains("\"finish_reason\":\"stop\"") || body.contains("\"finish_reason\":\"tool_calls\""),
                "never a normal finish: " + tail(body));
        assertTrue(body.strip().endsWith("data: [DONE]"), tail(body));
    }

    /** A failure before the first byte: one of {@code statuses}, with a JSON error body. */
    public static void assertErrorStatus(HttpResponse<String> r, Integer... statuses) {
        assertTrue(Set.of(statuses).contains(r.statusCode()), "status " + r.statusCode() + " (want one of "
                + Set.of(statuses) + "): " + tail(r.body()));
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/json"),
                "a JSON error, not a stream: " + r.headers().map().toString());
        assertTrue(r.body().contains("\"error\""), r.body());
    }

    private static String tail(String s) {
        return s.length() <= 600 ? s : "…" + s.substring(s.length() - 600);
    }
}
