package dev.switchboard.plugin.factory;

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
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Factory's error classification, the one place where its error bodies are read. What happens to
 * the account follows the status and the body's machine-readable {@code error.type} / {@code error.code} (compared
 * whole) — never the message, which may quote the client's prompt or model name:
 * <ul>
 * <li>401 → {@link ErrorKind#UPSTREAM_AUTH} (the kernel refreshes once, then reauth-required);</li>
 * <li>402 → {@link ErrorKind#UPSTREAM_QUOTA_EXHAUSTED} until the quota window ends when it is known (the
 *     account's last billing figures, else the answer's {@code Retry-After}), else until an admin acts;</li>
 * <li>403 whose type or code names the credential ({@code authentication_error}, {@code invalid_api_key},
 *     {@code invalid_token}) → {@link ErrorKind#UPSTREAM_AUTH}; any other 403 — above all the
 *     {@code permission_error} Factory answers to certain prompt phrases — → {@link ErrorKind#PERMISSION}: relayed
 *     to the client, no account penalty. A suspended organisation cannot be told from the phrase filter on the
 *     chat path without reading text; the billing health check sees it (billing answers 401/403 to a blocked
 *     account, and no client text reaches those endpoints);</li>
 * <li>400 "prompt is too long" → {@link ErrorKind#CONTEXT_TOO_LONG} (like any 400, it leaves the account alone);</li>
 * <li>the rest by status ({@link StandardErrorClassifier}: 429 cooling with Retry-After, 5xx fail over).</li>
 * </ul>
 * Messages come from the body and never hold credentials. Immutable and thread-safe.
 */
public final class FactoryErrorClassifier implements ErrorClassifier {
    /** {@code error.type} / {@code error.code} values of a 403 that rejects the credential itself. */
    static final Set<String> CREDENTIAL_CODES = Set.of("authentication_error", "invalid_api_key", "invalid_token");

    private final Clock clock;
    private final Instant quotaResetsAt;
    private final StandardErrorClassifier standard;

    /** The provider-wide classifier (no account context). */
    public FactoryErrorClassifier(Clock clock) {
        this(clock, null);
    }

    /**
     * @param quotaResetsAt when the leased account's quota window ends, from its last billing probe, or null
     */
    public FactoryErrorClassifier(Clock clock, Instant quotaResetsAt) {
        this.clock = clock;
        this.quotaResetsAt = quotaResetsAt;
        this.standard = new StandardErrorClassifier(clock);
    }

    @Override
    public GatewayException classify(UpstreamError e) {
        int status = e.status();
        String message = WireErrors.upstreamMessage(status, e.body());
        return switch (status) {
            case 402 -> exhausted(e, message);
            case 403 -> forbidden(e, message);
            case 400 -> message.toLowerCase(Locale.ROOT).contains("prompt is too long")
                    ? build(ErrorKind.CONTEXT_TOO_LONG, e, message).build() : standard.classify(e);
            default -> standard.classify(e);
        };
    }

    private GatewayException exhausted(UpstreamError e, String message) {
        Instant now = clock.instant();
        Duration retryAfter = RetryAfter.from(e.headers(), now);
        Instant until = quotaResetsAt != null && quotaResetsAt.isAfter(now) ? quotaResetsAt
                : retryAfter != null && !retryAfter.isZero() ? now.plus(retryAfter) : null;
        return build(ErrorKind.UPSTREAM_QUOTA_EXHAUSTED, e, message).until(until).retryAfter(retryAfter).build();
    }

    private GatewayException forbidden(UpstreamError e, String message) {
        boolean credential = errorCodes(e).stream().anyMatch(CREDENTIAL_CODES::contains);
        // Otherwise the prompt-phrase 403 (or something else about this request): the account is fine.
        return build(credential ? ErrorKind.UPSTREAM_AUTH : ErrorKind.PERMISSION, e, message).build();
    }

    /** {@code error.type} and {@code error.code} of the body (also at the top level), whole and in lower case. */
    private static Set<String> errorCodes(UpstreamError e) {
        JsonObject o = Jsons.tryParseObject(e.bodyText()).orElse(null);
        if (o == null) {
            return Set.of();
        }
        JsonObject err = Jsons.obj(o, "error");
        Set<String> codes = new HashSet<>();
        for (JsonObject holder : err == null ? List.of(o) : List.of(err, o)) {
            for (String key : new String[]{"type", "code"}) {
                String v = Jsons.str(holder, key);
                if (v != null && !v.isBlank()) {
                    codes.add(v.strip().toLowerCase(Locale.ROOT));
                }
            }
        }
        return codes;
    }

    private GatewayException.Builder build(ErrorKind kind, UpstreamError e, String message) {
        return GatewayException.builder(kind).message(message).retryAfter(RetryAfter.from(e.headers(), clock.instant()))
                .upstreamStatus(e.status()).upstreamBody(e.body());
    }
}
