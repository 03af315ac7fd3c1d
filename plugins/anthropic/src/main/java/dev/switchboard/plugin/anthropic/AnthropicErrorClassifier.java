package dev.switchboard.plugin.anthropic;

import dev.switchboard.spi.ErrorClassifier;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.RetryAfter;
import dev.switchboard.spi.UpstreamError;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.wire.StandardErrorClassifier;
import dev.switchboard.wire.WireErrors;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.util.Locale;
import java.util.Set;

/**
 * Classifies the non-2xx answers of Anthropic's API and Anthropic-compatible endpoints — the one place their error
 * bodies are read. What happens to the account follows the status, the body's {@code error.type} compared whole and
 * the headers, never the message, which may quote the client's model name or prompt:
 * <ul>
 *   <li>401 → {@link ErrorKind#UPSTREAM_AUTH} (the account needs a new key);</li>
 *   <li>403 whose type is {@code authentication_error} or {@code permission_error} (a key without access) →
 *       {@link ErrorKind#UPSTREAM_AUTH}; any other 403 → {@link ErrorKind#PERMISSION}, relayed without touching the
 *       account;</li>
 *   <li>400, 404, 409, 413, 422 are about the request and never touch the account, whatever the type says; the
 *       message may only tell "prompt is too long" ({@link ErrorKind#CONTEXT_TOO_LONG}) from other request errors;</li>
 *   <li>402, or {@code billing_error} on another status → {@link ErrorKind#UPSTREAM_QUOTA_EXHAUSTED};</li>
 *   <li>429 → {@link ErrorKind#UPSTREAM_RATE_LIMITED}, cooling for {@code retry-after} or until the used-up
 *       {@code anthropic-ratelimit-*-reset} ({@link RetryAfter}; the kernel caps it at {@code max-cooldown});</li>
 *   <li>529, or {@code overloaded_error} on a 5xx → {@link ErrorKind#UPSTREAM_OVERLOADED}: fail over, counted like
 *       any upstream 5xx;</li>
 *   <li>everything else by status ({@link StandardErrorClassifier#kindFor}).</li>
 * </ul>
 * Credential failures carry a fixed message and no upstream body (compatible vendors quote masked keys). Stateless
 * and thread-safe.
 */
final class AnthropicErrorClassifier implements ErrorClassifier {
    private static final Set<Integer> REQUEST_STATUSES = Set.of(400, 404, 409, 413, 422);
    private static final Set<String> CREDENTIAL_403_TYPES = Set.of("authentication_error", "permission_error");

    private final Clock clock;

    AnthropicErrorClassifier(Clock clock) {
        this.clock = clock;
    }

    @Override
    public GatewayException classify(UpstreamError e) {
        String type = errorType(e);
        String message = WireErrors.upstreamMessage(e.status(), e.body());
        ErrorKind kind = kindOf(e.status(), type, message);
        GatewayException.Builder b = GatewayException.builder(kind).upstreamStatus(e.status())
                .retryAfter(RetryAfter.from(e.headers(), clock.instant()));
        if (kind == ErrorKind.UPSTREAM_AUTH) {
            return b.message("upstream credential rejected (HTTP " + e.status() + (type != null ? ", " + type : "")
                    + ")").build();
        }
        return b.message(message).upstreamBody(e.body()).build();
    }

    static ErrorKind kindOf(int status, String type, String message) {
        if (REQUEST_STATUSES.contains(status)) {
            return message.toLowerCase(Locale.ROOT).contains("prompt is too long") ? ErrorKind.CONTEXT_TOO_LONG
                    : StandardErrorClassifier.kindFor(status);
        }
        if (status == 401) {
            return ErrorKind.UPSTREAM_AUTH;
        }
        if (status == 403) {
            return type != null && CREDENTIAL_403_TYPES.contains(type) ? ErrorKind.UPSTREAM_AUTH : ErrorKind.PERMISSION;
        }
        if (status == 402 || "billing_error".equals(type)) {
            return ErrorKind.UPSTREAM_QUOTA_EXHAUSTED;
        }
        if (status == 429) {
            return ErrorKind.UPSTREAM_RATE_LIMITED;
        }
        if (status == 529 || (status >= 500 && "overloaded_error".equals(type))) {
            return ErrorKind.UPSTREAM_OVERLOADED;
        }
        return StandardErrorClassifier.kindFor(status);
    }

    /** {@code error.type} of an Anthropic error body ({@code {"type":"error","error":{"type":…}}}), lower case. */
    static String errorType(UpstreamError e) {
        JsonObject o = Jsons.tryParseObject(e.bodyText()).orElse(null);
        String type = Jsons.str(Jsons.obj(o, "error"), "type");
        return type == null || type.isBlank() ? null : type.strip().toLowerCase(Locale.ROOT);
    }
}
