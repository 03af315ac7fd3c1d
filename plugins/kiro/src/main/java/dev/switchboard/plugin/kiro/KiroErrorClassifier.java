package dev.switchboard.plugin.kiro;

import dev.switchboard.spi.ErrorClassifier;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.RetryAfter;
import dev.switchboard.spi.UpstreamError;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.StopReason;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Classifies Kiro's errors — the non-2xx answers ({@link #classify}) and the exception and error frames inside a
 * 200 event stream ({@link #classifyInStream}) — the only place that looks at error bodies. The error type comes from {@code x-amzn-errortype} (before {@code :}) or the body's {@code __type}; the
 * reason from the body's {@code reason}. What happens to the account follows the status, the type and the reason
 * only — never the {@code message}, which may quote the client's prompt or tool names:
 * <ul>
 *   <li>402, reason {@code MONTHLY_REQUEST_COUNT}, type {@code ServiceQuotaExceededException} →
 *       {@link ErrorKind#UPSTREAM_QUOTA_EXHAUSTED} until the account's known reset</li>
 *   <li>400 with reason {@code CONTENT_LENGTH_EXCEEDS_THRESHOLD} / {@code PROMPT_TOO_LONG} or a message containing
 *       "too long" → {@link ErrorKind#CONTEXT_TOO_LONG} {@code prompt is too long: <est> tokens > <window> maximum}
 *       (per-call instance); other 400 (e.g. {@code Improperly formed request.}) →
 *       {@link ErrorKind#INVALID_REQUEST} with the upstream message — neither touches the account</li>
 *   <li>401, and 403 of a credential type ({@code AccessDeniedException}, {@code UnauthorizedException},
 *       {@code ExpiredTokenException}) → {@link ErrorKind#UPSTREAM_AUTH}: the kernel refreshes and retries once; a
 *       403 without such a type (a proxy's or firewall's page) → {@link ErrorKind#PERMISSION}, relayed, no
 *       penalty</li>
 *   <li>429 or type {@code ThrottlingException} → {@link ErrorKind#UPSTREAM_RATE_LIMITED} (Retry-After
 *       honoured)</li>
 *   <li>503 / {@code ServiceUnavailableException} → {@link ErrorKind#UPSTREAM_OVERLOADED}; 504 →
 *       {@link ErrorKind#UPSTREAM_TIMEOUT}; other 5xx → {@link ErrorKind#UPSTREAM_SERVER}; 404 (a wrong endpoint
 *       template, the same for every account) → {@link ErrorKind#NOT_FOUND}</li>
 * </ul>
 * Inside the event stream the type is the frame's {@code :exception-type} (or {@code :error-code}) header, the
 * reason the payload's {@code reason}; see {@link #classifyInStream} for the mapping.
 * Immutable and thread-safe.
 */
public final class KiroErrorClassifier implements ErrorClassifier {
    private static final int BODY_KEEP = 8 * 1024;
    /** {@code x-amzn-errortype} values of a 403 that rejects the token itself. */
    static final Set<String> CREDENTIAL_TYPES = Set.of("AccessDeniedException", "UnauthorizedException",
            "ExpiredTokenException", "UnrecognizedClientException", "InvalidTokenException");

    private final Integer estimate;
    private final Integer window;
    private final Instant quotaResetsAt;
    private final Clock clock;
    private final Logger log;

    private KiroErrorClassifier(Integer estimate, Integer window, Instant quotaResetsAt, Clock clock, Logger log) {
        this.estimate = estimate;
        this.window = window;
        this.quotaResetsAt = quotaResetsAt;
        this.clock = clock;
        this.log = log;
    }

    /** The provider-wide classifier (no request context). */
    public static KiroErrorClassifier generic(Clock clock, Logger log) {
        return new KiroErrorClassifier(null, null, null, clock, log);
    }

    /**
     * A classifier for one call.
     *
     * @param estimate      the request's input estimate
     * @param window        the model's context window
     * @param quotaResetsAt the account's known quota reset, or null
     */
    public static KiroErrorClassifier forCall(int estimate, int window, Instant quotaResetsAt, Clock clock,
                                              Logger log) {
        return new KiroErrorClassifier(estimate, window, quotaResetsAt, clock, log);
    }

    @Override
    public GatewayException classify(UpstreamError error) {
        int status = error.status();
        JsonObject body = Jsons.tryParseObject(error.bodyText()).orElse(jakarta.json.JsonValue.EMPTY_JSON_OBJECT);
        String type = errorType(error, body);
        String message = firstNonBlank(Jsons.str(body, "message"), Jsons.str(body, "Message"));
        String reason = Jsons.str(body, "reason");
        String lowerMessage = message == null ? "" : message.toLowerCase(Locale.ROOT);
        String described = describe(status, type, message, reason);

        if ("MONTHLY_REQUEST_COUNT".equals(reason) || "ServiceQuotaExceededException".equals(type) || status == 402) {
            return build(ErrorKind.UPSTREAM_QUOTA_EXHAUSTED, "Kiro quota exhausted: " + described, error)
                    .until(quotaResetsAt).build();
        }
        if (status == 400 || status == 413 || status == 422) {
            if ("CONTENT_LENGTH_EXCEEDS_THRESHOLD".equals(reason) || "PROMPT_TOO_LONG".equals(reason)
                    || lowerMessage.contains("too long")) {
                return build(ErrorKind.CONTEXT_TOO_LONG, tooLongMessage(message), error).build();
            }
            log.info(() -> "Kiro rejected the request: " + described);
            return build(ErrorKind.INVALID_REQUEST, message != null ? message : described, error).build();
        }
        if (status == 401 || (status == 403 && type != null && CREDENTIAL_TYPES.contains(type))) {
            return build(ErrorKind.UPSTREAM_AUTH, "Kiro rejected the account's credential: " + described, error)
                    .build();
        }
        if (status == 429 || "ThrottlingException".equals(type)) {
            return build(ErrorKind.UPSTREAM_RATE_LIMITED, "Kiro throttled the account: " + described, error)
                    .retryAfter(RetryAfter.from(error.headers(), clock.instant())).build();
        }
        if (status == 403) {
            return build(ErrorKind.PERMISSION, message != null ? message : described, error).build();
        }
        if (status == 503 || "ServiceUnavailableException".equals(type)) {
            return build(ErrorKind.UPSTREAM_OVERLOADED, "Kiro is overloaded: " + described, error)
                    .retryAfter(RetryAfter.from(error.headers(), clock.instant())).build();
        }
        if (status == 504) {
            return build(ErrorKind.UPSTREAM_TIMEOUT, "Kiro timed out: " + described, error).build();
        }
        if (status >= 500) {
            return build(ErrorKind.UPSTREAM_SERVER, "Kiro server error: " + described, error).build();
        }
        if (status == 404) {
            return build(ErrorKind.NOT_FOUND, "Kiro endpoint not found: " + described, error).build();
        }
        return build(ErrorKind.INVALID_REQUEST, message != null ? message : described, error).build();
    }

    /**
     * What an exception frame ({@code :message-type=exception}) or an error frame ({@code :message-type=error})
     * inside a 200 event stream means. The account effect follows the structured type only:
     * <ul>
     *   <li>{@code ContentLengthExceededException} → not an error: the reply ends with {@code max_tokens} (Kiro cut
     *       the output at its length limit)</li>
     *   <li>{@code ThrottlingException} → {@link ErrorKind#UPSTREAM_RATE_LIMITED}</li>
     *   <li>{@code ServiceQuotaExceededException}, or reason {@code MONTHLY_REQUEST_COUNT} →
     *       {@link ErrorKind#UPSTREAM_QUOTA_EXHAUSTED}</li>
     *   <li>a credential type ({@link #CREDENTIAL_TYPES}) → {@link ErrorKind#UPSTREAM_AUTH}</li>
     *   <li>{@code ServiceUnavailableException} → {@link ErrorKind#UPSTREAM_OVERLOADED}</li>
     *   <li>{@code ValidationException} → {@link ErrorKind#CONTEXT_TOO_LONG} when the reason is
     *       {@code CONTENT_LENGTH_EXCEEDS_THRESHOLD} / {@code PROMPT_TOO_LONG} or the message says "too long", else
     *       {@link ErrorKind#INVALID_REQUEST}: the message only picks between two kinds that both leave the account
     *       alone, as it does for an HTTP 400</li>
     *   <li>anything else (e.g. {@code InternalServerException}, a frame without a type) →
     *       {@link ErrorKind#UPSTREAM_SERVER}</li>
     * </ul>
     *
     * @param type    the {@code :exception-type} or {@code :error-code} header, or null
     * @param payload the frame's JSON payload ({@code message}, {@code reason}), or null
     * @param message the message when it came in a header ({@code :error-message}), else null (taken from payload)
     */
    public InStream classifyInStream(String type, JsonObject payload, String message) {
        String text = message != null ? message : payload == null ? null : Jsons.str(payload, "message");
        String reason = payload == null ? null : Jsons.str(payload, "reason");
        String described = (type == null ? "exception" : type) + (text == null ? "" : ": " + text);
        if ("ContentLengthExceededException".equals(type)) {
            return InStream.endsWith(StopReason.MAX_TOKENS, described);
        }
        if ("ThrottlingException".equals(type)) {
            return InStream.fails(ErrorKind.UPSTREAM_RATE_LIMITED, "upstream " + described);
        }
        if ("ServiceQuotaExceededException".equals(type) || "MONTHLY_REQUEST_COUNT".equals(reason)) {
            return InStream.fails(ErrorKind.UPSTREAM_QUOTA_EXHAUSTED, "upstream " + described);
        }
        if (type != null && CREDENTIAL_TYPES.contains(type)) {
            return InStream.fails(ErrorKind.UPSTREAM_AUTH, "upstream " + described);
        }
        if ("ServiceUnavailableException".equals(type)) {
            return InStream.fails(ErrorKind.UPSTREAM_OVERLOADED, "upstream " + described);
        }
        if ("ValidationException".equals(type)) {
            boolean tooLong = "CONTENT_LENGTH_EXCEEDS_THRESHOLD".equals(reason) || "PROMPT_TOO_LONG".equals(reason)
                    || text != null && text.toLowerCase(Locale.ROOT).contains("too long");
            return tooLong ? InStream.fails(ErrorKind.CONTEXT_TOO_LONG, tooLongMessage(text))
                    : InStream.fails(ErrorKind.INVALID_REQUEST, "upstream " + described);
        }
        return InStream.fails(ErrorKind.UPSTREAM_SERVER, "upstream " + described);
    }

    /**
     * The meaning of an in-stream exception: either the reply ends normally with {@code stopReason}, or the stream
     * fails with {@code kind}.
     *
     * @param stopReason the stop reason of a normal ending, or null when the stream fails
     * @param kind       the error kind of a failure, or null for a normal ending
     * @param message    what the client and the log are told
     */
    public record InStream(StopReason stopReason, ErrorKind kind, String message) {
        static InStream endsWith(StopReason stopReason, String message) {
            return new InStream(stopReason, null, message);
        }

        static InStream fails(ErrorKind kind, String message) {
            return new InStream(null, kind, message);
        }

        /** True when the reply ends normally ({@link #stopReason}) rather than with an error. */
        public boolean endsReply() {
            return stopReason != null;
        }
    }

    /** The "prompt is too long" message that makes Claude Code compact its context. */
    private String tooLongMessage(String upstream) {
        if (estimate != null && window != null) {
            return "prompt is too long: " + Math.max(estimate, window + 1) + " tokens > " + window + " maximum";
        }
        return "prompt is too long" + (upstream == null ? "" : ": " + upstream);
    }

    /** {@code x-amzn-errortype} before {@code :}, else {@code __type} after {@code #}. */
    static String errorType(UpstreamError error, JsonObject body) {
        String header = error.headers().get("x-amzn-errortype");
        if (header != null && !header.isBlank()) {
            return header.split(":", 2)[0].trim();
        }
        String t = Jsons.str(body, "__type");
        if (t == null) {
            return null;
        }
        int hash = t.lastIndexOf('#');
        return hash >= 0 ? t.substring(hash + 1) : t;
    }

    private static String describe(int status, String type, String message, String reason) {
        StringBuilder sb = new StringBuilder("HTTP ").append(status);
        if (type != null) {
            sb.append(' ').append(type);
        }
        if (message != null) {
            sb.append(": ").append(message.length() > 300 ? message.substring(0, 300) + "…" : message);
        }
        if (reason != null) {
            sb.append(" (").append(reason).append(')');
        }
        return sb.toString();
    }

    private static GatewayException.Builder build(ErrorKind kind, String message, UpstreamError error) {
        byte[] body = error.body().length > BODY_KEEP ? Arrays.copyOf(error.body(), BODY_KEEP) : error.body();
        return GatewayException.builder(kind).message(message).upstreamStatus(error.status()).upstreamBody(body);
    }

    private static String firstNonBlank(String a, String b) {
        return a != null && !a.isBlank() ? a : b != null && !b.isBlank() ? b : null;
    }
}
