package dev.switchboard.kernel.dialect.anthropic;

import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatResponse;
import dev.switchboard.spi.model.SignatureOrigin;
import dev.switchboard.wire.ThinkingSignatures;
import dev.switchboard.wire.anthropic.AnthropicBlockWriter;
import dev.switchboard.wire.anthropic.AnthropicUsageJson;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;

/**
 * Canonical {@link ChatResponse} → Anthropic unary message JSON ({@code POST /v1/messages} without
 * {@code stream}): {@code {id, type:"message", role:"assistant", model, content, stop_reason,
 * stop_sequence, usage}}. The model is the one the client asked for (converted answers echo the client's model
 * name), the usage always has both cache fields (Claude Code reads a missing one as "no caching") and empty text
 * blocks are never emitted (Anthropic refuses them when a client replays the history). Stateless and thread-safe.
 */
public final class AnthropicResponseWriter {
    private AnthropicResponseWriter() {
    }

    /**
     * The message body.
     *
     * @param response       the canonical answer
     * @param messageId      the id clients see ({@code msg_…}); null uses the response's own id
     * @param requestedModel the model name the client sent; null uses the response's model
     */
    public static JsonObject write(ChatResponse response, String messageId, String requestedModel) {
        String id = messageId != null ? messageId : response.id();
        String model = requestedModel != null ? requestedModel : response.model();
        return Jsons.objectBuilder()
                .add("id", id == null ? "" : id)
                .add("type", "message")
                .add("role", "assistant")
                .add("model", model == null ? "" : model)
                .add("content", AnthropicBlockWriter.writeAll(ThinkingSignatures.toClient(response.content(),
                        SignatureOrigin.ANTHROPIC_FAMILY)))
                .add("stop_reason", response.stopReason().wire())
                .add("stop_sequence", response.stopSequence() == null
                        ? JsonValue.NULL : Jsons.value(response.stopSequence()))
                .add("usage", AnthropicUsageJson.message(response.usage()))
                .build();
    }

    /** The message body as UTF-8 JSON bytes. */
    public static byte[] writeBytes(ChatResponse response, String messageId, String requestedModel) {
        return Jsons.write(write(response, messageId, requestedModel)).getBytes(StandardCharsets.UTF_8);
    }
}
