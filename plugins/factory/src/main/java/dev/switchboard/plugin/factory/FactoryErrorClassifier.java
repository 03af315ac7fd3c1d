package dev.switchboard.plugin.factory;

import dev.switchboard.spi.ErrorClassifier;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.RetryAfter;
import dev.switchboard.spi.StandardErrorClassifier;
import dev.switchboard.spi.UpstreamError;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.wire.WireErrors;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Factory's error classification (decision 15), the one place where its error bodies are read:
 * <ul>
 * <li>401 → {@link ErrorKind#UPSTREAM_AUTH} (the kernel refreshes once, then reauth-required);</li>
 * <li>402 → {@link ErrorKind#UPSTREAM_QUOTA_EXHAUSTED} until the quota window ends when it is known (the
 *     account's last billing figures, else the answer's {@code Retry-After}), else until an admin acts;</li>
 * <li>403 whose body says the credential or account is bad → {@link ErrorKind#UPSTREAM_AUTH} (or
 *     {@link ErrorKind#UPSTREAM_BANNED} for a suspended account); any other 403 is the answer Factory gives
 *     to certain prompt phrases → {@link ErrorKind#PERMISSION}: relayed to the client, no account penalty;</li>
 * <li>400 "prompt is too long" → {@link ErrorKind#CONTEXT_TOO_LONG};</li>
 * <li>the rest by status ({@link StandardErrorClassifier}: 429 cooling with Retry-After, 5xx fail over).</li>
 * </ul>
 * Messages come from the body and never hold credentials. Immutable and thread-safe.
 */
public final class FactoryErrorClassifier implements ErrorClassifier {
    /** Wording of a 403 that blames the credential rather than the prompt. */
    static final Pattern AUTH_WORDING = Pattern.compile("(invalid|expired|revoked|missing|bad)[ _-]+(api[ _-]?key|"
            + "token|credential|authorization|bearer)|unauthori[sz]ed|not authenticated|authentication (failed|error"
            + "|required)|invalid_api_key|invalid_token");
    /** Wording of a 403 that says the account itself is blocked. */
    static final Pattern BANNED_WORDING = Pattern.compile("(account|organization|user|key)( has been| is)? "
            + "(suspended|banned|blocked|deactivated)");

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
        String text = (errorType(e) + " " + message).toLowerCase(Locale.ROOT);
        ErrorKind kind;
        if (text.contains("authentication_error") || AUTH_WORDING.matcher(text).find()) {
            kind = ErrorKind.UPSTREAM_AUTH;
        } else if (BANNED_WORDING.matcher(text).find()) {
            kind = ErrorKind.UPSTREAM_BANNED;
        } else {
            kind = ErrorKind.PERMISSION; // the prompt-phrase 403: the account is fine, the client's prompt is not
        }
        return build(kind, e, message).build();
    }

    /** {@code error.type} or {@code error.code} of the body, else "". */
    private static String errorType(UpstreamError e) {
        JsonObject o = Jsons.tryParseObject(e.bodyText()).orElse(null);
        JsonObject err = o == null ? null : Jsons.obj(o, "error");
        if (err == null) {
            return "";
        }
        String t = Jsons.str(err, "type");
        String c = Jsons.str(err, "code");
        return (t == null ? "" : t) + " " + (c == null ? "" : c);
    }

    private GatewayException.Builder build(ErrorKind kind, UpstreamError e, String message) {
        return GatewayException.builder(kind).message(message).retryAfter(RetryAfter.from(e.headers(), clock.instant()))
                .upstreamStatus(e.status()).upstreamBody(e.body());
    }
}
