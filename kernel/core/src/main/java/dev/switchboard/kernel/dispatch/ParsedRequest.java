package dev.switchboard.kernel.dispatch;

import dev.switchboard.kernel.dialect.responses.ResponsesWriterOptions;
import dev.switchboard.spi.model.ChatRequest;
import java.util.List;

/**
 * A client request after its dialect read it.
 *
 * @param request          the canonical request
 * @param includeUsage     OpenAI chat {@code stream_options.include_usage}
 * @param responsesOptions how a Responses client wants its answer rendered (echoed fields, encrypted reasoning),
 *                         or null for other dialects
 * @param droppedFields    fields the gateway ignored (reported in a warning header)
 */
public record ParsedRequest(ChatRequest request, boolean includeUsage, ResponsesWriterOptions responsesOptions,
                            List<String> droppedFields) {
    public ParsedRequest {
        droppedFields = droppedFields == null ? List.of() : List.copyOf(droppedFields);
    }

    public static ParsedRequest of(ChatRequest r) {
        return new ParsedRequest(r, false, null, List.of());
    }
}
