package dev.switchboard.kernel.dialect;

import dev.switchboard.spi.Dialect;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

/**
 * Error status and body shapes per client dialect: the status a kind is answered with, the Anthropic and OpenAI
 * error types and codes, and the error bodies. Stateless.
 */
public final class ClientErrors {

    private ClientErrors() {
    }

    /** HTTP status for a kind in a dialect: OpenAI clients get 503 where Anthropic clients get 529. */
    public static int status(ErrorKind kind, Dialect dialect) {
        int s = kind.status();
        return s == 529 && dialect != Dialect.ANTHROPIC ? 503 : s;
    }

    /** Anthropic {@code error.type}. */
    public static String anthropicType(ErrorKind kind) {
        return switch (kind) {
            case INVALID_REQUEST, CONTEXT_TOO_LONG, UNSUPPORTED_MEDIA_TYPE -> "invalid_request_error";
            case CLIENT_AUTH -> "authentication_error";
            case PERMISSION -> "permission_error";
            case NOT_FOUND -> "not_found_error";
            case REQUEST_TOO_LARGE -> "request_too_large";
            case CLIENT_RATE_LIMITED, CLIENT_QUOTA, UPSTREAM_RATE_LIMITED, UPSTREAM_QUOTA_EXHAUSTED -> "rate_limit_error";
            case UPSTREAM_TIMEOUT -> "timeout_error";
            case UPSTREAM_OVERLOADED, NO_CAPACITY -> "overloaded_error";
            case UPSTREAM_AUTH, UPSTREAM_BANNED, UPSTREAM_SERVER, UPSTREAM_CONNECTION, UPSTREAM_BAD_RESPONSE, INTERNAL ->
                    "api_error";
        };
    }

    /** OpenAI {@code error.type}. */
    public static String openAiType(ErrorKind kind) {
        return switch (kind) {
            case INVALID_REQUEST, CONTEXT_TOO_LONG, NOT_FOUND, REQUEST_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE ->
                    "invalid_request_error";
            case CLIENT_AUTH -> "authentication_error";
            case PERMISSION -> "permission_error";
            case CLIENT_QUOTA -> "insufficient_quota";
            case CLIENT_RATE_LIMITED, UPSTREAM_RATE_LIMITED, UPSTREAM_QUOTA_EXHAUSTED -> "rate_limit_exceeded";
            case UPSTREAM_TIMEOUT, UPSTREAM_OVERLOADED, NO_CAPACITY, UPSTREAM_AUTH, UPSTREAM_BANNED, UPSTREAM_SERVER,
                 UPSTREAM_CONNECTION, UPSTREAM_BAD_RESPONSE, INTERNAL -> "server_error";
        };
    }

    /** OpenAI {@code error.code}, or null. */
    public static String openAiCode(ErrorKind kind) {
        return switch (kind) {
            case CLIENT_AUTH -> "invalid_api_key";
            case NOT_FOUND -> "model_not_found";
            case REQUEST_TOO_LARGE -> "request_too_large";
            case UNSUPPORTED_MEDIA_TYPE -> "unsupported_media_type";
            case CONTEXT_TOO_LONG -> "context_length_exceeded";
            case CLIENT_QUOTA -> "insufficient_quota";
            case CLIENT_RATE_LIMITED, UPSTREAM_RATE_LIMITED, UPSTREAM_QUOTA_EXHAUSTED -> "rate_limit_exceeded";
            case UPSTREAM_TIMEOUT -> "timeout";
            case UPSTREAM_OVERLOADED, NO_CAPACITY -> "overloaded";
            default -> null;
        };
    }

    /** {@code {"type":"error","error":{"type","message"},"request_id"}}. */
    public static JsonObject anthropicBody(ErrorKind kind, String message, String requestId) {
        JsonObjectBuilder b = Jsons.objectBuilder()
                .add("type", "error")
                .add("error", Jsons.objectBuilder()
                        .add("type", anthropicType(kind))
                        .add("message", message == null ? kind.defaultMessage() : message));
        if (requestId != null) {
            b.add("request_id", requestId);
        }
        return b.build();
    }

    /** {@code {"error":{"message","type","param","code"}}}. */
    public static JsonObject openAiBody(ErrorKind kind, String message, String param) {
        String code = openAiCode(kind);
        return Jsons.objectBuilder()
                .add("error", Jsons.objectBuilder()
                        .add("message", message == null ? kind.defaultMessage() : message)
                        .add("type", openAiType(kind))
                        .add("param", param == null ? JsonValue.NULL : Jsons.value(param))
                        .add("code", code == null ? JsonValue.NULL : Jsons.value(code)))
                .build();
    }
}
