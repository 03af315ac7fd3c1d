package dev.switchboard.kernel.dialect.openai;

import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatResponse;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.wire.WireIds;
import dev.switchboard.wire.openai.OpenAiFinishReasons;
import dev.switchboard.wire.openai.OpenAiUsage;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.util.Objects;

/**
 * Renders a canonical answer as an OpenAI {@code chat.completion}: {@code content}
 * joins all text blocks ({@code null} when there are none), {@code tool_calls} follow block order, thinking
 * becomes {@code reasoning_content} when enabled, {@code finish_reason} comes from {@link OpenAiFinishReasons}
 * (with its tool-call overrides) and usage from {@link OpenAiUsage}. Immutable and thread-safe.
 */
public final class OpenAiChatResponseWriter {
    private final boolean emitReasoning;
    private final Clock clock;

    /** @param emitReasoning render thinking as {@code message.reasoning_content} (else it is omitted) */
    public OpenAiChatResponseWriter(boolean emitReasoning) {
        this(emitReasoning, Clock.systemUTC());
    }

    public OpenAiChatResponseWriter(boolean emitReasoning, Clock clock) {
        this.emitReasoning = emitReasoning;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Renders with a fresh {@code chatcmpl-} id and the current time. */
    public JsonObject write(ChatResponse r, String requestedModel) {
        return write(r, requestedModel, WireIds.chatCompletionId(), clock.instant().getEpochSecond());
    }

    /**
     * @param r              the answer
     * @param requestedModel the model name the client asked for (echoed)
     * @param id             the completion id ({@code chatcmpl-...})
     * @param created        Unix seconds
     */
    public JsonObject write(ChatResponse r, String requestedModel, String id, long created) {
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        JsonArrayBuilder calls = Jsons.arrayBuilder();
        boolean anyCall = false;
        boolean anyText = false;
        for (ContentBlock b : r.content()) {
            switch (b) {
                case ContentBlock.Text t -> {
                    anyText |= !t.text().isEmpty();
                    text.append(t.text());
                }
                case ContentBlock.Thinking t -> reasoning.append(t.thinking());
                case ContentBlock.ToolUse u -> {
                    anyCall = true;
                    calls.add(Jsons.objectBuilder().add("id", u.id()).add("type", "function")
                            .add("function", Jsons.objectBuilder().add("name", u.name())
                                    .add("arguments", u.input().toString())));
                }
                default -> {
                    // redacted thinking and opaque server-tool blocks have no Chat Completions form
                }
            }
        }
        JsonObjectBuilder message = Jsons.objectBuilder().add("role", "assistant")
                .add("content", anyText ? Jsons.value(text.toString()) : JsonValue.NULL)
                .add("refusal", JsonValue.NULL);
        if (emitReasoning && !reasoning.isEmpty()) {
            message.add("reasoning_content", reasoning.toString());
        }
        if (anyCall) {
            message.add("tool_calls", calls);
        }
        return Jsons.objectBuilder()
                .add("id", id)
                .add("object", "chat.completion")
                .add("created", created)
                .add("model", requestedModel)
                .add("choices", Jsons.arrayBuilder().add(Jsons.objectBuilder()
                        .add("index", 0)
                        .add("message", message)
                        .add("logprobs", JsonValue.NULL)
                        .add("finish_reason", OpenAiFinishReasons.toFinishReason(r.stopReason(), anyCall))))
                .add("usage", OpenAiUsage.toOpenAi(r.usage()))
                .build();
    }
}
