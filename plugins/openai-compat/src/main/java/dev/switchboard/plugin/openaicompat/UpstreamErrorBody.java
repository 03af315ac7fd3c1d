package dev.switchboard.plugin.openaicompat;

import dev.switchboard.spi.json.Jsons;
import dev.switchboard.wire.WireErrors;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The fields of an OpenAI-compatible backend's error body, whatever its shape:
 * <ul>
 *   <li>OpenAI / DeepSeek / Groq: {@code {"error":{"message","type","param","code"}}};</li>
 *   <li>Gemini: {@code {"error":{"code":400,"message","status":"INVALID_ARGUMENT","details":[…]}}}, also wrapped
 *       in an array ({@code [{"error":{…}}]}), with {@code ErrorInfo.reason} and {@code RetryInfo.retryDelay}
 *       in the details;</li>
 *   <li>vLLM: {@code {"object":"error","message","type","code":400}}; Ollama: {@code {"error":"text"}};</li>
 *   <li>anything else (HTML, empty): only a status-derived message.</li>
 * </ul>
 * Immutable.
 *
 * @param message     a readable message (never null)
 * @param code        {@code error.code} when it is a string ({@code insufficient_quota}), else null
 * @param type        {@code error.type}, or null
 * @param status      Gemini's {@code error.status} ({@code RESOURCE_EXHAUSTED}), or null
 * @param reasons     Gemini's {@code ErrorInfo.reason} values ({@code API_KEY_INVALID})
 * @param retryDelay  Gemini's {@code RetryInfo.retryDelay}, or null
 * @param param       {@code error.param}, or null
 */
record UpstreamErrorBody(String message, String code, String type, String status, Set<String> reasons,
                         Duration retryDelay, String param) {

    static UpstreamErrorBody parse(int httpStatus, byte[] body) {
        String fallback = WireErrors.upstreamMessage(httpStatus, body);
        JsonObject container = container(body);
        if (container == null) {
            return new UpstreamErrorBody(fallback, null, null, null, Set.of(), null, null);
        }
        JsonValue e = container.get("error");
        JsonObject err;
        if (e instanceof JsonObject o) {
            err = o;
        } else if (e instanceof JsonString s && !s.getString().isBlank()) {
            return new UpstreamErrorBody(s.getString(), null, null, null, Set.of(), null, null);
        } else {
            err = container; // vLLM and other flat shapes
        }
        Set<String> reasons = new LinkedHashSet<>();
        Duration retryDelay = null;
        JsonArray details = Jsons.arr(err, "details");
        if (details != null) {
            for (JsonValue d : details) {
                if (d instanceof JsonObject detail) {
                    String reason = Jsons.str(detail, "reason");
                    if (reason != null) {
                        reasons.add(reason);
                    }
                    String delay = Jsons.str(detail, "retryDelay");
                    if (delay != null) {
                        retryDelay = protobufDuration(delay);
                    }
                }
            }
        }
        String message = Jsons.str(err, "message");
        return new UpstreamErrorBody(message == null || message.isBlank() ? fallback : message,
                err.get("code") instanceof JsonString c ? c.getString() : null, Jsons.str(err, "type"),
                Jsons.str(err, "status"), Set.copyOf(reasons), retryDelay, Jsons.str(err, "param"));
    }

    /** The object holding the error: the body itself, or the first element of Gemini's array form. */
    private static JsonObject container(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).trim();
        if (!text.startsWith("{") && !text.startsWith("[")) {
            return null;
        }
        try {
            JsonValue v = Jsons.parseValue(text);
            if (v instanceof JsonObject o) {
                return o;
            }
            if (v instanceof JsonArray a && !a.isEmpty() && a.get(0) instanceof JsonObject first) {
                return first;
            }
        } catch (JsonException | IllegalStateException e) {
            // Not JSON after all: the status-derived message stands.
        }
        return null;
    }

    /** Google's protobuf duration text ({@code "37s"}, {@code "1.5s"}); null when malformed. */
    static Duration protobufDuration(String v) {
        String t = v.trim();
        if (!t.endsWith("s")) {
            return null;
        }
        try {
            double seconds = Double.parseDouble(t.substring(0, t.length() - 1));
            return seconds < 0 ? null : Duration.ofMillis((long) Math.ceil(seconds * 1000));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The machine-readable names of the error — {@code code} (when a string), {@code type}, Gemini's {@code status}
     * and {@code ErrorInfo.reason}s — each whole and in lower case. Only these (never {@link #message()}, which may
     * quote the client's model name or prompt) may decide what happens to an account.
     */
    Set<String> codes() {
        Set<String> out = new LinkedHashSet<>();
        for (String s : new String[]{code, type, status}) {
            if (s != null && !s.isBlank()) {
                out.add(s.strip().toLowerCase(java.util.Locale.ROOT));
            }
        }
        reasons.forEach(r -> out.add(r.strip().toLowerCase(java.util.Locale.ROOT)));
        return out;
    }
}
