package dev.switchboard.wire.openai;

import jakarta.json.JsonObject;
import java.util.Objects;

/**
 * An upstream chat request built by {@link OpenAiChatRequestWriter}.
 *
 * @param body      the JSON body to POST to {@code /chat/completions}
 * @param toolNames aliases of tool names the upstream could not take verbatim; hand it to the
 *                  {@link OpenAiChatStreamDecoder} so responses carry the original names
 */
public record OpenAiChatUpstreamRequest(JsonObject body, ToolNameMap toolNames) {
    public OpenAiChatUpstreamRequest {
        Objects.requireNonNull(body, "body");
        toolNames = toolNames == null ? ToolNameMap.EMPTY : toolNames;
    }
}
