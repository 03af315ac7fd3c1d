package dev.switchboard.kernel.dispatch;

import dev.switchboard.spi.model.ChatRequest;
import java.util.List;

/**
 * A client request after its dialect read it.
 *
 * @param request              the canonical request
 * @param includeUsage         OpenAI {@code stream_options.include_usage}
 * @param includeEncrypted     Responses {@code include: ["reasoning.encrypted_content"]}
 * @param droppedFields        fields the gateway ignored (reported in a warning header)
 */
public record ParsedRequest(ChatRequest request, boolean includeUsage, boolean includeEncrypted,
                            List<String> droppedFields) {
    public ParsedRequest {
        droppedFields = droppedFields == null ? List.of() : List.copyOf(droppedFields);
    }

    public static ParsedRequest of(ChatRequest r) {
        return new ParsedRequest(r, false, false, List.of());
    }
}
