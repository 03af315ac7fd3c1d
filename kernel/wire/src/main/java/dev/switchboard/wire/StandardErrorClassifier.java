package dev.switchboard.wire;

import dev.switchboard.spi.ErrorClassifier;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.RetryAfter;
import dev.switchboard.spi.UpstreamError;
import java.time.Clock;

/**
 * The status-based part of error classification that every HTTP upstream shares: 400/409/415/422 are the
 * request's problem, 401 the credential's, 402 the quota's, 429 a rate limit, 5xx, 502/503/529 and timeouts the
 * upstream's (see {@link #kindFor}). Plugins handle their upstream's special bodies first and delegate the rest
 * here. Messages come from the body ({@link WireErrors#upstreamMessage}) and never contain credentials.
 * Thread-safe.
 */
public final class StandardErrorClassifier implements ErrorClassifier {
    private final Clock clock;

    public StandardErrorClassifier(Clock clock) {
        this.clock = clock;
    }

    @Override
    public GatewayException classify(UpstreamError e) {
        return GatewayException.builder(kindFor(e.status()))
                .message(WireErrors.upstreamMessage(e.status(), e.body()))
                .retryAfter(RetryAfter.from(e.headers(), clock.instant()))
                .upstreamStatus(e.status())
                .upstreamBody(e.body())
                .build();
    }

    /** The kind a bare status implies. */
    public static ErrorKind kindFor(int status) {
        return switch (status) {
            case 400, 409, 415, 422 -> ErrorKind.INVALID_REQUEST;
            case 401 -> ErrorKind.UPSTREAM_AUTH;
            case 402 -> ErrorKind.UPSTREAM_QUOTA_EXHAUSTED;
            case 403 -> ErrorKind.PERMISSION;
            case 404 -> ErrorKind.NOT_FOUND;
            case 408, 504 -> ErrorKind.UPSTREAM_TIMEOUT;
            case 413 -> ErrorKind.REQUEST_TOO_LARGE;
            case 429 -> ErrorKind.UPSTREAM_RATE_LIMITED;
            case 502, 503, 529 -> ErrorKind.UPSTREAM_OVERLOADED;
            default -> status >= 500 ? ErrorKind.UPSTREAM_SERVER : ErrorKind.INVALID_REQUEST;
        };
    }
}
