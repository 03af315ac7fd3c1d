package dev.switchboard.wire.openai;

import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Locale;

/**
 * Classifies the {@code error} member that OpenAI-compatible upstreams put into a stream chunk or a 200 body:
 * by {@code code}/{@code type} name first, then by a numeric status in {@code code} or
 * {@code status}. Stateless and thread-safe.
 */
public final class OpenAiErrorMapping {
    private OpenAiErrorMapping() {
    }

    /** True for an {@code error} member that signals a failure: present and not null, false, {@code ""} or {@code {}}. */
    public static boolean isTruthy(JsonValue error) {
        if (error == null) {
            return false;
        }
        return switch (error.getValueType()) {
            case NULL, FALSE -> false;
            case STRING -> !((JsonString) error).getString().isEmpty();
            case OBJECT -> !error.asJsonObject().isEmpty();
            case ARRAY -> !error.asJsonArray().isEmpty();
            case NUMBER -> ((JsonNumber) error).doubleValue() != 0;
            case TRUE -> true;
        };
    }

    /** The kind of an {@code error} member. */
    public static ErrorKind kindOf(JsonValue error) {
        if (!(error instanceof JsonObject o)) {
            return ErrorKind.UPSTREAM_SERVER;
        }
        String names = (text(o.get("code")) + " " + text(o.get("type"))).toLowerCase(Locale.ROOT);
        if (names.contains("context_length")) {
            return ErrorKind.CONTEXT_TOO_LONG;
        }
        if (names.contains("insufficient_quota")) {
            return ErrorKind.UPSTREAM_QUOTA_EXHAUSTED;
        }
        if (names.contains("rate_limit")) {
            return ErrorKind.UPSTREAM_RATE_LIMITED;
        }
        if (names.contains("overloaded")) {
            return ErrorKind.UPSTREAM_OVERLOADED;
        }
        if (names.contains("timeout")) {
            return ErrorKind.UPSTREAM_TIMEOUT;
        }
        if (names.contains("invalid_request")) {
            return ErrorKind.INVALID_REQUEST;
        }
        if (names.contains("authentication") || names.contains("invalid_api_key")) {
            return ErrorKind.UPSTREAM_AUTH;
        }
        Long status = o.get("code") instanceof JsonNumber n ? Long.valueOf(n.longValue()) : Jsons.lng(o, "status");
        if (status == null) {
            return ErrorKind.UPSTREAM_SERVER;
        }
        int s = status.intValue();
        if (s == 429) {
            return ErrorKind.UPSTREAM_RATE_LIMITED;
        }
        if (s == 502 || s == 503 || s == 529) {
            return ErrorKind.UPSTREAM_OVERLOADED;
        }
        if (s == 408 || s == 504) {
            return ErrorKind.UPSTREAM_TIMEOUT;
        }
        if (s == 401) {
            return ErrorKind.UPSTREAM_AUTH;
        }
        if (s == 400 || s == 422) {
            return ErrorKind.INVALID_REQUEST;
        }
        return ErrorKind.UPSTREAM_SERVER;
    }

    /** A readable message: {@code error.message}, the error string itself, or the kind's default. */
    public static String messageOf(JsonValue error) {
        if (error instanceof JsonString s) {
            return s.getString();
        }
        if (error instanceof JsonObject o) {
            String m = Jsons.str(o, "message");
            if (m != null && !m.isBlank()) {
                return m;
            }
        }
        return kindOf(error).defaultMessage();
    }

    private static String text(JsonValue v) {
        if (v instanceof JsonString s) {
            return s.getString();
        }
        return v == null || v.getValueType() == JsonValue.ValueType.NULL ? "" : v.toString();
    }
}
