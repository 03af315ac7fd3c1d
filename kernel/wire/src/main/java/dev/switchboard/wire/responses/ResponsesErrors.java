package dev.switchboard.wire.responses;

import dev.switchboard.spi.ErrorKind;
import java.util.Locale;

/**
 * The {@link ErrorKind} an upstream's Responses {@code error} event or failed response means, by its error
 * code. Stateless.
 */
final class ResponsesErrors {
    private ResponsesErrors() {
    }

    /**
     * Classifies an upstream in-stream error by its code (or type). Unknown and missing codes count as
     * an upstream server error: the stream broke on the upstream's side.
     */
    static ErrorKind kindOf(String code) {
        if (code == null || code.isBlank()) {
            return ErrorKind.UPSTREAM_SERVER;
        }
        String c = code.toLowerCase(Locale.ROOT);
        return switch (c) {
            case "rate_limit_exceeded", "rate_limit_error", "too_many_requests" -> ErrorKind.UPSTREAM_RATE_LIMITED;
            case "insufficient_quota", "billing_error", "quota_exceeded" -> ErrorKind.UPSTREAM_QUOTA_EXHAUSTED;
            case "context_length_exceeded" -> ErrorKind.CONTEXT_TOO_LONG;
            case "server_is_overloaded", "overloaded", "overloaded_error", "slow_down" -> ErrorKind.UPSTREAM_OVERLOADED;
            case "timeout", "timeout_error", "request_timeout" -> ErrorKind.UPSTREAM_TIMEOUT;
            case "invalid_api_key", "authentication_error" -> ErrorKind.UPSTREAM_AUTH;
            case "permission_error" -> ErrorKind.PERMISSION;
            default -> c.startsWith("invalid_") ? ErrorKind.INVALID_REQUEST : ErrorKind.UPSTREAM_SERVER;
        };
    }
}
