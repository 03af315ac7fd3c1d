package dev.switchboard.transport;

import dev.switchboard.spi.ErrorKind;
import java.io.IOException;

/**
 * The request body's own source failed while it was being streamed upstream — not the upstream's fault, so
 * the account that served the call must not be penalised. A client stream that broke is
 * {@link ErrorKind#INVALID_REQUEST}; a supplier that threw (a plugin defect) is {@link ErrorKind#INTERNAL}.
 * An {@link IOException} so that it can leave Helidon's output-stream handler unchanged.
 */
final class RequestBodyException extends IOException {
    private final ErrorKind kind;

    RequestBodyException(ErrorKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    ErrorKind kind() {
        return kind;
    }
}
