package dev.switchboard.plugin.factory.shaping;

import dev.switchboard.plugin.factory.model.ModelEntry;
import dev.switchboard.plugin.factory.model.ReasoningLevel;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.wire.openai.OpenAiChatProfile;
import dev.switchboard.wire.openai.OpenAiChatRequestWriter;
import dev.switchboard.wire.openai.OpenAiChatUpstreamRequest;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Request shaping for Factory's common family ({@code /api/llm/o/v1/chat/completions}, GLM/Kimi on
 * Fireworks) through the shared {@link OpenAiChatRequestWriter}: the Droid prompt prefixes the first
 * system message (or becomes one), array system content stays an array, and {@code reasoning_effort}
 * follows the level (auto = the client's, off = removed, forced = the level). Immutable and
 * thread-safe.
 */
public final class CommonShaping {
    /**
     * What Factory's chat-completions backends take: usage in streams, reasoning effort (xhigh included),
     * array system content; no cache markers, no {@code top_k}.
     */
    public static final OpenAiChatProfile PROFILE = OpenAiChatProfile.builder()
            .supportsReasoningEffort(true)
            .allowsXhighEffort(true)
            .acceptsArraySystemContent(true)
            .build();

    private final PromptRewrites rewrites;
    private final OpenAiChatRequestWriter writer = new OpenAiChatRequestWriter(PROFILE);

    public CommonShaping(PromptRewrites rewrites) {
        this.rewrites = rewrites;
    }

    /**
     * Shapes a converted request.
     *
     * @throws GatewayException when {@code tool_choice} names a tool that is not sent
     */
    public OpenAiChatUpstreamRequest converted(ChatRequest request, ModelEntry model, String upstreamModel,
                                               String systemPrompt) throws GatewayException {
        OpenAiChatUpstreamRequest written = writer.write(rewrites.apply(request), upstreamModel);
        JsonObject body = written.body();
        JsonObjectBuilder b = Jsons.objectBuilder(body);
        if (!systemPrompt.isEmpty()) {
            b.add("messages", withPrompt(Jsons.arr(body, "messages"), systemPrompt));
        }
        ReasoningLevel level = model.reasoning();
        if (level == ReasoningLevel.OFF) {
            b.remove("reasoning_effort");
        } else if (level.forced()) {
            b.add("reasoning_effort", level.wire());
        }
        return new OpenAiChatUpstreamRequest(b.build(), written.toolNames());
    }

    /** The first system message prefixed with the prompt, else a prompt message first. */
    static JsonArray withPrompt(JsonArray messages, String prompt) {
        JsonArrayBuilder out = Jsons.arrayBuilder();
        JsonObject first = messages.isEmpty() || messages.get(0).getValueType() != JsonValue.ValueType.OBJECT
                ? null : messages.getJsonObject(0);
        if (first != null && "system".equals(Jsons.str(first, "role"))) {
            JsonValue content = first.get("content");
            JsonValue prefixed;
            if (content instanceof JsonString s) {
                prefixed = Jsons.value(prompt + s.getString());
            } else if (content != null && content.getValueType() == JsonValue.ValueType.ARRAY) {
                JsonArrayBuilder parts = Jsons.arrayBuilder()
                        .add(Jsons.objectBuilder().add("type", "text").add("text", prompt));
                content.asJsonArray().forEach(parts::add);
                prefixed = parts.build();
            } else {
                prefixed = Jsons.value(prompt);
            }
            out.add(Jsons.objectBuilder(first).add("content", prefixed));
            for (int i = 1; i < messages.size(); i++) {
                out.add(messages.get(i));
            }
            return out.build();
        }
        out.add(Jsons.objectBuilder().add("role", "system").add("content", prompt));
        messages.forEach(out::add);
        return out.build();
    }
}
