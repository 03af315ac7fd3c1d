package dev.switchboard.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The only exception that crosses the SPI. It carries the classified {@link ErrorKind} plus what the
 * kernel needs to act on it: Retry-After, the time an exhausted account recovers, and the upstream's
 * status and body (relayed unchanged only when the client speaks the upstream's dialect).
 *
 * <p>Messages must never contain secrets: they may reach clients.
 */
public class GatewayException extends Exception {
    private final ErrorKind kind;
    private final Duration retryAfter;
    private final Instant until;
    private final int upstreamStatus;
    private final byte[] upstreamBody;
    private final String param;

    private GatewayException(Builder b) {
        super(b.message == null ? b.kind.defaultMessage() : b.message, b.cause);
        this.kind = b.kind;
        this.retryAfter = b.retryAfter;
        this.until = b.until;
        this.upstreamStatus = b.upstreamStatus;
        this.upstreamBody = b.upstreamBody;
        this.param = b.param;
    }

    public GatewayException(ErrorKind kind, String message) {
        this(builder(kind).message(message));
    }

    public GatewayException(ErrorKind kind, String message, Throwable cause) {
        this(builder(kind).message(message).cause(cause));
    }

    public static Builder builder(ErrorKind kind) {
        return new Builder(kind);
    }

    /** A 400 naming the offending field ({@code param}), in the client's dialect. */
    public static GatewayException invalid(String param, String message) {
        return builder(ErrorKind.INVALID_REQUEST).param(param).message(message).build();
    }

    public ErrorKind kind() {
        return kind;
    }

    /** Upstream's (or the gateway's) Retry-After, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** When an exhausted/cooling account recovers, if known; else null. */
    public Instant until() {
        return until;
    }

    /** Upstream HTTP status, or 0 when the error did not come from an upstream response. */
    public int upstreamStatus() {
        return upstreamStatus;
    }

    /** Upstream error body (bounded), or null. Relayed only to clients of the same dialect. */
    public byte[] upstreamBody() {
        return upstreamBody;
    }

    /** The request field the error is about, or null. */
    public String param() {
        return param;
    }

    /** The same error with another Retry-After (the kernel caps what upstreams ask for); everything else kept. */
    public GatewayException withRetryAfter(Duration v) {
        GatewayException copy = builder(kind).message(getMessage()).cause(getCause()).retryAfter(v).until(until)
                .upstreamStatus(upstreamStatus).upstreamBody(upstreamBody).param(param).build();
        copy.setStackTrace(getStackTrace());
        return copy;
    }

    /** Builder; not thread-safe. */
    public static final class Builder {
        private final ErrorKind kind;
        private String message;
        private Throwable cause;
        private Duration retryAfter;
        private Instant until;
        private int upstreamStatus;
        private byte[] upstreamBody;
        private String param;

        private Builder(ErrorKind kind) {
            this.kind = Objects.requireNonNull(kind, "kind");
        }

        public Builder message(String v) { this.message = v; return this; }
        public Builder cause(Throwable v) { this.cause = v; return this; }
        public Builder retryAfter(Duration v) { this.retryAfter = v; return this; }
        public Builder until(Instant v) { this.until = v; return this; }
        public Builder upstreamStatus(int v) { this.upstreamStatus = v; return this; }
        public Builder upstreamBody(byte[] v) { this.upstreamBody = v; return this; }
        public Builder param(String v) { this.param = v; return this; }

        public GatewayException build() {
            return new GatewayException(this);
        }
    }
}
