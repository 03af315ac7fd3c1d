package dev.switchboard.kernel.dialect.openai;

import dev.switchboard.spi.model.ChatRequest;
import java.util.List;
import java.util.Objects;

/**
 * What {@link OpenAiChatRequestReader} made of a client's {@code /v1/chat/completions} body.
 *
 * @param request       the canonical request
 * @param includeUsage  the client asked for a final usage chunk ({@code stream_options.include_usage})
 * @param droppedFields request fields the gateway cannot honour and ignored ({@code n}, {@code seed}, ...),
 *                      in body order; the kernel reports them in a warning header
 */
public record OpenAiChatReadResult(ChatRequest request, boolean includeUsage, List<String> droppedFields) {
    public OpenAiChatReadResult {
        Objects.requireNonNull(request, "request");
        droppedFields = droppedFields == null ? List.of() : List.copyOf(droppedFields);
    }
}
