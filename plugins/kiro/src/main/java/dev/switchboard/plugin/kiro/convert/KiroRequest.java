package dev.switchboard.plugin.kiro.convert;

import dev.switchboard.plugin.kiro.KiroModels;
import jakarta.json.JsonObject;
import java.util.Objects;

/**
 * A converted request: the body to send and what the response side needs to know about it. Immutable apart from
 * the thread-safe {@link ToolNames}.
 *
 * @param body           the chat body
 * @param bytes          its UTF-8 bytes (checked against {@code max-body-bytes})
 * @param inputTokens    the input estimate
 * @param toolNames      the Kiro → client tool-name mapping
 * @param conversationId the {@code conversationId} sent
 * @param model          the model row used
 * @param thinkingTags   whether the reply may open with a {@code <thinking>} block to parse (prompt-tags mode)
 */
public record KiroRequest(JsonObject body, byte[] bytes, int inputTokens, ToolNames toolNames, String conversationId,
                          KiroModels.KiroModel model, boolean thinkingTags) {
    public KiroRequest {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(bytes, "bytes");
    }
}
