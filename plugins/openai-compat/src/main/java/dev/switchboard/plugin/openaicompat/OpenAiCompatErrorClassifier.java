package dev.switchboard.plugin.openaicompat;

import dev.switchboard.spi.ErrorClassifier;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.RetryAfter;
import dev.switchboard.spi.UpstreamError;
import dev.switchboard.wire.StandardErrorClassifier;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Classifies the non-2xx answers of OpenAI-compatible backends (OpenAI, Gemini's OpenAI endpoint, DeepSeek,
 * vLLM, Ollama, ...). What happens to the account is decided by the status and the body's machine-readable names
 * ({@link UpstreamErrorBody#codes()}: {@code code}, {@code type}, Gemini's {@code status} and {@code ErrorInfo}
 * reasons, compared whole) and headers — never by the message, which backends fill with the client's model name,
 * tool names or prompt (a model called {@code "no-such model; incorrect api key"} must not disable a key):
 * <ul>
 *   <li>401 → {@link ErrorKind#UPSTREAM_AUTH};</li>
 *   <li>402, or a quota code ({@code insufficient_quota}, which OpenAI sends with 429) →
 *       {@link ErrorKind#UPSTREAM_QUOTA_EXHAUSTED};</li>
 *   <li>403 → {@link ErrorKind#UPSTREAM_AUTH} only when a code names the credential or its permission (Gemini's
 *       {@code PERMISSION_DENIED} for a leaked key, {@code invalid_api_key}, {@code permission_error}, ...); a
 *       content-policy refusal, a bare 403 from a proxy or firewall (HTML) and any other 403 are relayed as
 *       {@link ErrorKind#PERMISSION} without touching the key;</li>
 *   <li>400 → {@link ErrorKind#UPSTREAM_AUTH} only for Gemini's structured {@code API_KEY_INVALID} /
 *       {@code API_KEY_EXPIRED} reason (Gemini answers a bad key with 400); every other 400 and every 404 leaves the
 *       account alone;</li>
 *   <li>context length exceeded (a {@code context_length*} code, or the message of a 400/404/409/413/422) →
 *       {@link ErrorKind#CONTEXT_TOO_LONG}: the message may pick between two kinds that both leave the account
 *       alone, nothing more;</li>
 *   <li>429 → {@link ErrorKind#UPSTREAM_RATE_LIMITED} with the delay from the headers ({@link RetryAfter}) or
 *       Gemini's structured {@code RetryInfo};</li>
 *   <li>everything else by status ({@link StandardErrorClassifier#kindFor}): 5xx, 502/503/529 overloaded, 408/504
 *       timeout, 404 not found, other 4xx invalid request.</li>
 * </ul>
 * Messages never carry credentials: auth failures get a fixed message and no upstream body (OpenAI echoes a masked
 * key), and anything key-like in other messages is masked. Stateless and thread-safe.
 */
public final class OpenAiCompatErrorClassifier implements ErrorClassifier {
    /** Statuses that can only mean a problem with the request: the message may refine them, never escalate. */
    private static final Set<Integer> REQUEST_STATUSES = Set.of(400, 404, 409, 413, 422);
    private static final List<String> CONTEXT_MARKERS = List.of("maximum context length", "context length",
            "context window", "context_length", "prompt is too long", "prompt too long", "input token count",
            "maximum number of tokens allowed", "reduce the length of the messages", "input is too long",
            "too many input tokens");
    private static final Set<String> QUOTA_CODES = Set.of("insufficient_quota", "billing_hard_limit_reached",
            "billing_not_active", "insufficient_balance");
    /** Codes of a 403 that is about the key: it is invalid, leaked, deactivated, or lacks the permission. */
    private static final Set<String> CREDENTIAL_403_CODES = Set.of("invalid_api_key", "authentication_error",
            "authentication_failed", "api_key_invalid", "api_key_expired", "unauthenticated", "invalid_authentication",
            "permission_denied", "permission_error", "account_deactivated", "unsupported_country_region_territory");
    /** Gemini's {@code ErrorInfo.reason}s for a bad key, which it answers with 400. */
    private static final Set<String> BAD_KEY_400_REASONS = Set.of("api_key_invalid", "api_key_expired");
    private static final Set<String> CONTENT_POLICY_CODES = Set.of("content_policy_violation", "content_policy",
            "content_filter", "moderation", "moderation_blocked", "safety", "flagged");
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
        Set<String> codes = body.codes();
        if (REQUEST_STATUSES.contains(status) && (codes.stream().anyMatch(c -> c.startsWith("context_length"))
                || containsAny(body.message().toLowerCase(Locale.ROOT), CONTEXT_MARKERS))) {
            return ErrorKind.CONTEXT_TOO_LONG;
        }
        if (status == 402 || (status != 404 && intersects(codes, QUOTA_CODES))) {
            return ErrorKind.UPSTREAM_QUOTA_EXHAUSTED;
        }
        if (status == 401 || (status == 400 && intersects(codes, BAD_KEY_400_REASONS))) {
            return ErrorKind.UPSTREAM_AUTH;
        }
        if (status == 403) {
            return !intersects(codes, CONTENT_POLICY_CODES) && intersects(codes, CREDENTIAL_403_CODES)
                    ? ErrorKind.UPSTREAM_AUTH : ErrorKind.PERMISSION;
        }
        return StandardErrorClassifier.kindFor(status);
    }

    private Duration retryAfter(UpstreamError e, UpstreamErrorBody body) {
        Duration header = RetryAfter.from(e.headers(), clock.instant());
        return header != null ? header : body.retryDelay();
    }

    /** Masks anything that looks like a key ({@code sk-…}, {@code AIza…}, {@code api key: …}). */
    static String mask(String message) {
        return SECRET_LIKE.matcher(message).replaceAll("[redacted]");
    }

    private static boolean intersects(Set<String> codes, Set<String> names) {
        for (String c : codes) {
            if (names.contains(c)) {
                return true;
            }
        }
        return false;
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
