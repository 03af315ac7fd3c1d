package dev.switchboard.wire.anthropic;

import dev.switchboard.spi.ErrorKind;

/**
 * Anthropic {@code error.type} → {@link ErrorKind}, for errors an Anthropic upstream reports (in a
 * stream's {@code event: error}, or a JSON error body). Stateless.
 */
public final class AnthropicErrorKinds {
    private AnthropicErrorKinds() {
    }

    /**
     * The kind for an upstream error type. Client-side kinds ({@code invalid_request_error},
     * {@code not_found_error}, {@code request_too_large}) keep the account untouched; account problems
     * ({@code authentication_error}, {@code billing_error}, {@code rate_limit_error}) carry their account
     * effect; unknown or missing types are upstream server errors.
     */
    public static ErrorKind fromType(String type) {
        if (type == null) {
            return ErrorKind.UPSTREAM_SERVER;
        }
        return switch (type) {
            case "overloaded_error" -> ErrorKind.UPSTREAM_OVERLOADED;
            case "rate_limit_error" -> ErrorKind.UPSTREAM_RATE_LIMITED;
            case "api_error" -> ErrorKind.UPSTREAM_SERVER;
            case "invalid_request_error" -> ErrorKind.INVALID_REQUEST;
            case "authentication_error" -> ErrorKind.UPSTREAM_AUTH;
            case "permission_error" -> ErrorKind.PERMISSION;
            case "billing_error" -> ErrorKind.UPSTREAM_QUOTA_EXHAUSTED;
            case "timeout_error" -> ErrorKind.UPSTREAM_TIMEOUT;
            case "not_found_error" -> ErrorKind.NOT_FOUND;
            case "request_too_large" -> ErrorKind.REQUEST_TOO_LARGE;
            default -> ErrorKind.UPSTREAM_SERVER;
        };
    }
}
