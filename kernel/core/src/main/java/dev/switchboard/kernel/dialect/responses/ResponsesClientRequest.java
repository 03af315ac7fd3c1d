package dev.switchboard.kernel.dialect.responses;

import dev.switchboard.spi.model.ChatRequest;
import java.util.Objects;

/**
 * A client's {@code POST /v1/responses} after reading: the canonical request plus what the answer's
 * writer needs to know about the client. Immutable and thread-safe.
 *
 * @param chatRequest   the canonical request
 * @param writerOptions rendering options for the unary or streamed answer
 */
public record ResponsesClientRequest(ChatRequest chatRequest, ResponsesWriterOptions writerOptions) {
    public ResponsesClientRequest {
        Objects.requireNonNull(chatRequest, "chatRequest");
        Objects.requireNonNull(writerOptions, "writerOptions");
    }
}
