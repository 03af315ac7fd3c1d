package dev.switchboard.plugin.openaicompat;

import dev.switchboard.spi.ErrorClassifier;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.RetryAfter;
import dev.switchboard.spi.StandardErrorClassifier;
import dev.switchboard.spi.UpstreamError;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Classifies the non-2xx answers of OpenAI-compatible backends (OpenAI, Gemini's OpenAI endpoint, DeepSeek,
 * vLLM, Ollama, ...) — the only place where their bodies are read for keywords (architecture §7.7):
 * <ul>
 *   <li>context length exceeded (any 4xx but 429) → {@link ErrorKind#CONTEXT_TOO_LONG}: a client problem, no
 *       retry, no penalty;</li>
 *   <li>{@code insufficient_quota} (which OpenAI sends with 429) or 402 → {@link ErrorKind#UPSTREAM_QUOTA_EXHAUSTED};</li>
 *   <li>401, or a body that says the key is invalid (Gemini answers 400 {@code API_KEY_INVALID}) →
 *       {@link ErrorKind#UPSTREAM_AUTH}; a 403 from the backend's API (a JSON error: a key without access, a
 *       leaked key, an unsupported region) likewise, but a content-policy refusal or a bare 403 from a proxy or
 *       firewall (HTML) is relayed as {@link ErrorKind#PERMISSION} without penalising the key (decision 15);</li>
 *   <li>429 → {@link ErrorKind#UPSTREAM_RATE_LIMITED} with the delay from {@code retry-after(-ms)}, Gemini's
 *       {@code RetryInfo}, or the message's "try again in 2s";</li>
 *   <li>everything else by status ({@link StandardErrorClassifier#kindFor}): 5xx, 502/503/529 overloaded, 408/504
 *       timeout, 404 not found, other 4xx invalid request.</li>
 * </ul>
 * Messages never carry credentials: auth failures get a fixed message and no upstream body (OpenAI echoes a masked
 * key), and anything key-like in other messages is masked. Stateless and thread-safe.
 */
public final class OpenAiCompatErrorClassifier implements ErrorClassifier {
    private static final List<String> CONTEXT_MARKERS = List.of("maximum context length", "context length",
            "context window", "context_length", "prompt is too long", "prompt too long", "input token count",
            "maximum number of tokens allowed", "reduce the length of the messages", "input is too long",
            "too many input tokens");
    private static final List<String> QUOTA_NAMES = List.of("insufficient_quota", "billing_hard_limit_reached",
            "billing_not_active", "insufficient_balance");
    private static final List<String> AUTH_NAMES = List.of("invalid_api_key", "authentication_error",
            "authentication_failed", "api_key_invalid", "api_key_expired", "unauthenticated", "invalid_authentication");
    private static final List<String> AUTH_MESSAGES = List.of("api key not valid", "incorrect api key",
            "invalid api key", "api key expired", "authentication fails");
    private static final List<String> CONTENT_POLICY = List.of("content_policy", "content_filter", "moderation",
            "safety", "flagged", "responsibleaipolicyviolation");
    private static final Pattern TRY_AGAIN = Pattern.compile(
            "(?:try again|retry) in (\\d+(?:\\.\\d+)?)\\s*(ms|milliseconds?|s|secs?|seconds?)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern SECRET_LIKE = Pattern.compile(
            "(sk-[A-Za-z0-9_*.\\-]{4,}|AIza[0-9A-Za-z_\\-]{8,}|(?i:api[ _-]?key)(?:[^:\\n]{0,20}):\\s*\\S+)");

    private final Clock clock;

    public OpenAiCompatErrorClassifier(Clock clock) {
        this.clock = clock;
    }

    @Override
    public GatewayException classify(UpstreamError e) {
        UpstreamErrorBody body = UpstreamErrorBody.parse(e.status(), e.body());
        ErrorKind kind = kindOf(e.status(), body);
        GatewayException.Builder b = GatewayException.builder(kind).upstreamStatus(e.status())
                .retryAfter(retryAfter(e, body));
        if (kind == ErrorKind.UPSTREAM_AUTH) {
            // No upstream text at all: OpenAI and DeepSeek quote (masked) keys in these messages.
            return b.message("upstream credential rejected (HTTP " + e.status()
                    + (body.code() != null ? ", " + body.code() : body.status() != null ? ", " + body.status() : "") + ")")
                    .build();
        }
        if (kind == ErrorKind.INVALID_REQUEST || kind == ErrorKind.CONTEXT_TOO_LONG) {
            b.param(body.param());
        }
        return b.message(mask(body.message())).upstreamBody(e.body()).build();
    }

    /** The kind of one answer (see the class comment for the order of the rules). */
    static ErrorKind kindOf(int status, UpstreamErrorBody body) {
        String names = body.names();
        String message = body.message().toLowerCase(Locale.ROOT);
        boolean clientSide = status >= 400 && status < 500 && status != 429;
        if ((clientSide || names.contains("context_length")) && (names.contains("context_length")
                || containsAny(message, CONTEXT_MARKERS))) {
            return ErrorKind.CONTEXT_TOO_LONG;
        }
        if (status == 402 || containsAny(names, QUOTA_NAMES)) {
            return ErrorKind.UPSTREAM_QUOTA_EXHAUSTED;
        }
        if (status == 403) {
            return !body.structured() || containsAny(names + " " + message, CONTENT_POLICY) ? ErrorKind.PERMISSION
                    : ErrorKind.UPSTREAM_AUTH;
        }
        if (status == 401 || (clientSide && (containsAny(names, AUTH_NAMES) || containsAny(message, AUTH_MESSAGES)))) {
            return ErrorKind.UPSTREAM_AUTH;
        }
        return StandardErrorClassifier.kindFor(status);
    }

    private Duration retryAfter(UpstreamError e, UpstreamErrorBody body) {
        Duration header = RetryAfter.from(e.headers(), clock.instant());
        if (header != null) {
            return header;
        }
        if (body.retryDelay() != null) {
            return body.retryDelay();
        }
        Matcher m = TRY_AGAIN.matcher(body.message());
        if (m.find()) {
            double v = Double.parseDouble(m.group(1));
            boolean millis = m.group(2).toLowerCase(Locale.ROOT).startsWith("m");
            return Duration.ofMillis((long) Math.ceil(millis ? v : v * 1000));
        }
        return null;
    }

    /** Masks anything that looks like a key ({@code sk-…}, {@code AIza…}, {@code api key: …}). */
    static String mask(String message) {
        return SECRET_LIKE.matcher(message).replaceAll("[redacted]");
    }

    private static boolean containsAny(String text, List<String> needles) {
        for (String n : needles) {
            if (text.contains(n)) {
                return true;
            }
        }
        return false;
    }
}
