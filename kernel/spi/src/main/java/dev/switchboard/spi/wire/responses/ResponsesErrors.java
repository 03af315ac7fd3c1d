package dev.switchboard.spi.wire.responses;

import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.wire.WireErrors;
import java.util.Locale;

/**
 * Error codes on the Responses wire: the {@code code} the gateway writes into {@code error} events and
 * failed responses, and the {@link ErrorKind} an upstream's {@code error} event or failed response
 * means (client-protocols §6). Stateless.
 */
final class ResponsesErrors {
    private ResponsesErrors() {
    }

    /**
     * The {@code code} for a kind: the OpenAI error code where §6.2 defines one, else the OpenAI error
     * type, so the field is never null (openai-java requires {@code response.error.code}).
     */
    static String codeOf(ErrorKind kind) {
        String code = WireErrors.openAiCode(kind);
        return code != null ? code : WireErrors.openAiType(kind);
    }

    /**
     * The {@code code} of a failed response object's {@code error}. Unlike the {@code error} event's free-form
     * code, this one is a closed set (openai-java rejects anything else): {@code rate_limit_exceeded},
     * {@code invalid_prompt} for request problems, else {@code server_error}.
     */
    static String responseErrorCodeOf(ErrorKind kind) {
        return switch (kind) {
            case CLIENT_RATE_LIMITED, CLIENT_QUOTA, UPSTREAM_RATE_LIMITED, UPSTREAM_QUOTA_EXHAUSTED -> "rate_limit_exceeded";
            case INVALID_REQUEST, CONTEXT_TOO_LONG, PERMISSION -> "invalid_prompt";
            default -> "server_error";
        };
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
