package dev.switchboard.kernel.dialect.responses;

import dev.switchboard.kernel.dialect.ClientErrors;
import dev.switchboard.spi.ErrorKind;

/**
 * The error codes the gateway writes on the Responses wire: into {@code error} events and into failed response
 * objects. Stateless.
 */
final class ResponsesErrorCodes {
    private ResponsesErrorCodes() {
    }

    /**
     * The {@code code} for a kind: the OpenAI error code where there is one ({@link ClientErrors#openAiCode}), else the OpenAI error
     * type, so the field is never null (openai-java requires {@code response.error.code}).
     */
    static String codeOf(ErrorKind kind) {
        String code = ClientErrors.openAiCode(kind);
        return code != null ? code : ClientErrors.openAiType(kind);
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
}
