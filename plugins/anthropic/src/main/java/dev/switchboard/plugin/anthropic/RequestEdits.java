package dev.switchboard.plugin.anthropic;

import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.spi.model.ThinkingConfig;
import dev.switchboard.wire.anthropic.AnthropicBetas;
import dev.switchboard.wire.anthropic.AnthropicRequestWriter;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Set;

/**
 * The declared edits of one instance, for both paths. On the pass-through path the client's own JSON keeps every
 * byte except: {@code model} (the upstream model), {@code max_tokens} (lowered to the model's
 * {@code max-output-tokens}), a thinking budget that no longer fits under the lowered cap, the
 * {@code drop-fields} and, with {@code cache-ttl: strip}, the {@code ttl} of every {@code cache_control}. A converted request (another client dialect, or history with foreign signatures) goes through
 * the wire library's {@link AnthropicRequestWriter} with the same edits. Betas are headers
 * ({@link UpstreamHeaders}). Immutable and thread-safe.
 */
final class RequestEdits {
    /** Output cap when a converted request has none (the Messages API requires one). */
    static final int DEFAULT_MAX_TOKENS = 4096;
    /** The smallest thinking budget the Messages API accepts. */
    static final int MIN_THINKING_BUDGET = 1024;

    private final OutputTokenClamps clamps;
    private final Set<String> dropFields;
    private final boolean stripCacheTtl;
    private final String signatureFamily;

    RequestEdits(AnthropicSettings settings) {
        this.clamps = settings.clamps();
        this.dropFields = settings.dropFields();
        this.stripCacheTtl = settings.stripCacheTtl();
        this.signatureFamily = settings.signatures().family();
    }

    /** The client's body with only the declared edits. */
    JsonObject passThrough(JsonObject raw, String upstreamModel) {
        JsonObjectBuilder b = Jsons.objectBuilder(raw);
        b.add("model", upstreamModel);
        Long asked = Jsons.lng(raw, "max_tokens");
        if (asked != null && asked <= Integer.MAX_VALUE) {
            int max = clamps.clamp(asked.intValue(), upstreamModel);
            if (max != asked) {
                b.add("max_tokens", max);
                JsonObject thinking = Jsons.obj(raw, "thinking");
                Long budget = Jsons.lng(thinking, "budget_tokens");
                if ("enabled".equals(Jsons.str(thinking, "type")) && budget != null && budget >= max) {
                    ThinkingConfig fitted = fitBudget(ThinkingConfig.enabled(budget.intValue()), max);
                    if (fitted == null) {
                        b.remove("thinking");
                    } else {
                        b.add("thinking", Jsons.objectBuilder(thinking).add("budget_tokens", fitted.budgetTokens()));
                    }
                }
            }
        }
        dropFields.forEach(b::remove);
        return stripCacheTtl ? withoutCacheTtl(b.build()) : b.build();
    }

    /**
     * A canonical request as this upstream's JSON.
     *
     * @param includeExtensions send the request's unknown top-level fields (only for Anthropic clients: they came
     *                          from Anthropic's own wire)
     * @param betas             the betas that go upstream (a system message stays in place only with per-turn control)
     */
    JsonObject converted(ChatRequest request, String upstreamModel, boolean includeExtensions, List<String> betas) {
        int max = clamps.clamp(request.maxTokens() != null ? request.maxTokens() : DEFAULT_MAX_TOKENS, upstreamModel);
        ChatRequest r = request.toBuilder().maxTokens(max).thinking(fitBudget(request.thinking(), max)).build();
        AnthropicRequestWriter writer = new AnthropicRequestWriter(AnthropicRequestWriter.Options.forModel(upstreamModel)
                .withSystemMessagesInPlace(betas.contains(AnthropicBetas.PER_TURN_CONTROL))
                .withIncludeExtensions(includeExtensions)
                .withDefaultMaxTokens(DEFAULT_MAX_TOKENS)
                .withSignatureFamily(signatureFamily));
        JsonObject body = writer.write(r);
        if (stripCacheTtl) {
            body = withoutCacheTtl(body);
        }
        if (dropFields.isEmpty()) {
            return body;
        }
        JsonObjectBuilder b = Jsons.objectBuilder(body);
        dropFields.forEach(b::remove);
        return b.build();
    }

    /**
     * {@code body} without the {@code ttl} of any {@code cache_control}: on system blocks, on the content blocks of
     * every message and on tools, the three places the Messages API takes one. The mark itself stays, so the prompt
     * is still cached (for the endpoint's default time). A body without a {@code ttl} is returned as it is.
     */
    static JsonObject withoutCacheTtl(JsonObject body) {
        JsonObjectBuilder b = null;
        for (String field : List.of("system", "tools")) {
            JsonArray blocks = body.get(field) instanceof JsonArray a ? a : null;
            JsonArray edited = blocks == null ? null : withoutTtl(blocks);
            if (edited != blocks) {
                b = b == null ? Jsons.objectBuilder(body) : b;
                b.add(field, edited);
            }
        }
        if (body.get("messages") instanceof JsonArray messages) {
            JsonArrayBuilder out = Json.createArrayBuilder();
            boolean changed = false;
            for (JsonValue m : messages) {
                JsonValue edited = m;
                if (m instanceof JsonObject message && message.get("content") instanceof JsonArray content) {
                    JsonArray blocks = withoutTtl(content);
                    if (blocks != content) {
                        edited = Jsons.objectBuilder(message).add("content", blocks).build();
                        changed = true;
                    }
                }
                out.add(edited);
            }
            if (changed) {
                b = b == null ? Jsons.objectBuilder(body) : b;
                b.add("messages", out);
            }
        }
        return b == null ? body : b.build();
    }

    /** The blocks without {@code cache_control.ttl}, or the same array when none has one. */
    private static JsonArray withoutTtl(JsonArray blocks) {
        boolean any = false;
        for (JsonValue v : blocks) {
            any |= v instanceof JsonObject o && o.get("cache_control") instanceof JsonObject cc && cc.containsKey("ttl");
        }
        if (!any) {
            return blocks;
        }
        JsonArrayBuilder out = Json.createArrayBuilder();
        for (JsonValue v : blocks) {
            if (v instanceof JsonObject o && o.get("cache_control") instanceof JsonObject cc && cc.containsKey("ttl")) {
                out.add(Jsons.objectBuilder(o).add("cache_control", Jsons.objectBuilder(cc).remove("ttl")));
            } else {
                out.add(v);
            }
        }
        return out.build();
    }

    /**
     * A budgeted thinking config that fits under {@code maxTokens} (the API wants the budget below it): lowered to
     * {@code maxTokens - 1}, or off when that is below the API's minimum budget. Other configs are kept.
     */
    static ThinkingConfig fitBudget(ThinkingConfig thinking, int maxTokens) {
        if (thinking == null || thinking.mode() != ThinkingConfig.Mode.ENABLED || thinking.budgetTokens() == null
                || thinking.budgetTokens() < maxTokens) {
            return thinking;
        }
        return maxTokens - 1 >= MIN_THINKING_BUDGET
                ? new ThinkingConfig(ThinkingConfig.Mode.ENABLED, maxTokens - 1, thinking.display()) : null;
    }
}
