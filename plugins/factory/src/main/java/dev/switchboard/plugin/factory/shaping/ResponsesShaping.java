package dev.switchboard.plugin.factory.shaping;

import dev.switchboard.plugin.factory.model.ModelEntry;
import dev.switchboard.plugin.factory.model.ReasoningLevel;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.wire.responses.ResponsesRequestWriter;
import dev.switchboard.wire.responses.ResponsesUpstreamOptions;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.Set;

/**
 * Request shaping for Factory's OpenAI family ({@code /api/llm/o/v1/responses}): converted requests go
 * through the shared {@link ResponsesRequestWriter} (chat → Responses: flat function tools, tool
 * results as {@code function_call_output}, images as {@code input_image}); the {@code /v1/responses}
 * pass-through edits only {@code model}, {@code instructions} (Droid prompt + the client's), {@code reasoning}
 * and {@code service_tier} (removed), plus the prompt rewrites. Fast models
 * get {@code service_tier:"priority"} on converted requests unless the client chose a tier. Immutable and
 * thread-safe.
 */
public final class ResponsesShaping {
    private static final Set<String> PROMPT_KEYS = Set.of("instructions", "input");

    private final PromptRewrites rewrites;

    public ResponsesShaping(PromptRewrites rewrites) {
        this.rewrites = rewrites;
    }

    /** Shapes a converted request into a Responses body. */
    public JsonObject converted(ChatRequest request, ModelEntry model, String upstreamModel, String systemPrompt) {
        ChatRequest r = rewrites.apply(request).toBuilder().model(upstreamModel).build();
        ReasoningLevel level = model.reasoning();
        String effort = switch (level) {
            case AUTO -> null; // derived from the client's thinking budget or effort
            case OFF -> ResponsesUpstreamOptions.EFFORT_OFF;
            default -> level.wire();
        };
        ResponsesUpstreamOptions options = new ResponsesUpstreamOptions(systemPrompt.isEmpty() ? null : systemPrompt,
                effort, true, false, true, model.signatureOrigin().family());
        JsonObject body = ResponsesRequestWriter.write(r, options);
        JsonValue clientTier = r.extensions().get("service_tier");
        if (clientTier != null && clientTier.getValueType() == JsonValue.ValueType.STRING) {
            return Jsons.objectBuilder(body).add("service_tier", clientTier).build();
        }
        if (model.fast()) {
            return Jsons.objectBuilder(body).add("service_tier", "priority").build();
        }
        return body;
    }

    /** Edits a client's {@code /v1/responses} body for the pass-through route. */
    public JsonObject passThrough(JsonObject raw, ModelEntry model, String upstreamModel, String systemPrompt) {
        JsonObject body = rewrites.apply(raw, PROMPT_KEYS);
        JsonObjectBuilder b = Jsons.objectBuilder(body).add("model", upstreamModel);
        if (!systemPrompt.isEmpty()) {
            String client = Jsons.str(body, "instructions");
            b.add("instructions", systemPrompt + (client == null ? "" : client));
        }
        ReasoningLevel level = model.reasoning();
        if (level == ReasoningLevel.OFF) {
            b.remove("reasoning");
        } else if (level.forced()) {
            b.add("reasoning", Jsons.objectBuilder().add("effort", level.wire()).add("summary", "auto"));
        }
        b.remove("service_tier");
        return b.build();
    }
}
