package dev.switchboard.plugin.kiro.convert;

import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.TokenCounter;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.List;
import java.util.UUID;

/**
 * Writes normalised turns as the chat body ({@code conversationState} + social {@code profileArn}) with the key
 * order of the real client, and estimates its input tokens (every text of the converted body, tool-use inputs
 * and tool specs as JSON, a flat 1 600 per image) with the SPI's {@link TokenCounter}. Stateless and thread-safe.
 */
final class ConversationStateWriter {
    static final String ORIGIN = "AI_EDITOR";
    /** The flat token figure of an image (the gateway does not decode its pixels). */
    static final int TOKENS_PER_IMAGE = 1600;

    private final TokenCounter counter;

    ConversationStateWriter(TokenCounter counter) {
        this.counter = counter;
    }

    /**
     * The request body.
     *
     * @param profileArn  the social account's ARN, or null to omit the key
     * @param taskFields  add {@code agentContinuationId} and {@code agentTaskType}
     */
    JsonObject body(String conversationId, List<Turn> history, Turn current, List<JsonObject> tools, String modelId,
                    String profileArn, boolean taskFields) {
        JsonObjectBuilder state = Jsons.objectBuilder()
                .add("chatTriggerType", "MANUAL")
                .add("conversationId", conversationId);
        if (taskFields) {
            state.add("agentContinuationId", UUID.randomUUID().toString()).add("agentTaskType", "vibe");
        }
        if (!history.isEmpty()) {
            JsonArrayBuilder h = Jsons.arrayBuilder();
            for (Turn t : history) {
                h.add(entry(t, modelId, List.of()));
            }
            state.add("history", h);
        }
        state.add("currentMessage", entry(current, modelId, tools));
        JsonObjectBuilder body = Jsons.objectBuilder().add("conversationState", state);
        if (profileArn != null) {
            body.add("profileArn", profileArn);
        }
        return body.build();
    }

    /** One history entry or the current message. */
    JsonObject entry(Turn t, String modelId, List<JsonObject> tools) {
        if (!t.isUser()) {
            JsonObjectBuilder a = Jsons.objectBuilder().add("content", content(t));
            if (!t.toolUses.isEmpty()) {
                JsonArrayBuilder uses = Jsons.arrayBuilder();
                for (Turn.ToolUse u : t.toolUses) {
                    uses.add(Jsons.objectBuilder().add("toolUseId", u.id()).add("name", u.name())
                            .add("input", u.input()));
                }
                a.add("toolUses", uses);
            }
            return Jsons.objectBuilder().add("assistantResponseMessage", a).build();
        }
        JsonObjectBuilder u = Jsons.objectBuilder()
                .add("content", content(t))
                .add("modelId", modelId)
                .add("origin", ORIGIN);
        if (!t.images.isEmpty()) {
            JsonArrayBuilder images = Jsons.arrayBuilder();
            t.images.forEach(images::add);
            u.add("images", images);
        }
        if (!t.toolResults.isEmpty() || !tools.isEmpty()) {
            JsonObjectBuilder ctx = Jsons.objectBuilder();
            if (!t.toolResults.isEmpty()) {
                JsonArrayBuilder results = Jsons.arrayBuilder();
                for (Turn.ToolResult r : t.toolResults) {
                    results.add(Jsons.objectBuilder().add("toolUseId", r.toolUseId())
                            .add("content", Jsons.arrayBuilder().add(Jsons.objectBuilder().add("text", r.text())))
                            .add("status", r.error() ? "error" : "success"));
                }
                ctx.add("toolResults", results);
            }
            if (!tools.isEmpty()) {
                JsonArrayBuilder specs = Jsons.arrayBuilder();
                tools.forEach(specs::add);
                ctx.add("tools", specs);
            }
            u.add("userInputMessageContext", ctx);
        }
        return Jsons.objectBuilder().add("userInputMessage", u).build();
    }

    /** The text content, with resent reasoning in {@code <thinking>} tags first (prompt-tags mode). */
    static String content(Turn t) {
        String text = t.joinedText();
        if (t.thinking.isEmpty()) {
            return text;
        }
        String tag = "<thinking>" + t.thinking + "</thinking>";
        return t.hasText() ? tag + "\n\n" + text : tag;
    }

    /** The input estimate of the converted turns and tool specs. */
    int estimate(List<Turn> history, Turn current, List<JsonObject> tools) {
        long total = 0;
        for (Turn t : history) {
            total += estimate(t);
        }
        total += estimate(current);
        for (JsonObject spec : tools) {
            total += counter.count(spec.toString());
        }
        return (int) Math.min(Integer.MAX_VALUE, total);
    }

    private long estimate(Turn t) {
        long n = counter.count(content(t));
        for (Turn.ToolUse u : t.toolUses) {
            n += counter.count(u.name()) + counter.count(u.input().toString());
        }
        for (Turn.ToolResult r : t.toolResults) {
            n += counter.count(r.text());
        }
        return n + (long) TOKENS_PER_IMAGE * t.images.size();
    }
}
