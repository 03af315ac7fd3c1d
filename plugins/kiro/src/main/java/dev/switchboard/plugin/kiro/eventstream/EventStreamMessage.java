package dev.switchboard.plugin.kiro.eventstream;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One decoded, CRC-verified frame of an AWS event stream: its headers in wire order and its payload bytes.
 * Immutable.
 *
 * @param headers header name → value, in wire order
 * @param payload the payload bytes (UTF-8 JSON for Kiro)
 */
public record EventStreamMessage(Map<String, HeaderValue> headers, byte[] payload) {
    /** {@code :message-type} of ordinary events. */
    public static final String MESSAGE_TYPE = ":message-type";
    /** {@code :event-type} of events. */
    public static final String EVENT_TYPE = ":event-type";
    /** {@code :exception-type} of modelled exceptions. */
    public static final String EXCEPTION_TYPE = ":exception-type";
    /** {@code :error-code} of generic errors. */
    public static final String ERROR_CODE = ":error-code";
    /** {@code :error-message} of generic errors. */
    public static final String ERROR_MESSAGE = ":error-message";

    public EventStreamMessage {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(headers, "headers")));
        payload = Objects.requireNonNull(payload, "payload").clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** A string header's value, or null when absent or not a string. */
    public String stringHeader(String name) {
        return headers.get(name) instanceof HeaderValue.StringValue s ? s.value() : null;
    }

    /** {@code :message-type} ({@code event}, {@code exception}, {@code error}), or null. */
    public String messageType() {
        return stringHeader(MESSAGE_TYPE);
    }

    /** {@code :event-type}, or null. */
    public String eventType() {
        return stringHeader(EVENT_TYPE);
    }

    /** {@code :exception-type}, or null. */
    public String exceptionType() {
        return stringHeader(EXCEPTION_TYPE);
    }

    /** The payload decoded as UTF-8 (the decoder already checked it is well-formed). */
    public String payloadText() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EventStreamMessage m && headers.equals(m.headers)
                && java.util.Arrays.equals(payload, m.payload);
    }

    @Override
    public int hashCode() {
        return headers.hashCode() * 31 + java.util.Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "EventStreamMessage[" + headers + ", " + payload.length + " payload bytes]";
    }
}
