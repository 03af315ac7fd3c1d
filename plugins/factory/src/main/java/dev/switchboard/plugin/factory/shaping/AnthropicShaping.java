package dev.switchboard.plugin.factory.shaping;

import dev.switchboard.plugin.factory.model.ModelEntry;
import dev.switchboard.plugin.factory.model.ReasoningBudgets;
import dev.switchboard.plugin.factory.model.ReasoningLevel;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.ThinkingConfig;
import dev.switchboard.wire.anthropic.AnthropicBetas;
import dev.switchboard.wire.anthropic.AnthropicRequestWriter;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Request shaping for Factory's Anthropic family ({@code /api/llm/a/v1/messages}), both for converted
 * requests (canonical → the shared {@link AnthropicRequestWriter}) and for the {@code /v1/messages}
 * pass-through, which edits the client's own JSON and changes nothing else:
 * <ul>
 * <li>the Droid system block goes first ({@code system} becomes an array; a string system is kept as the
 *     second block, never replaced);</li>
 * <li>reasoning per the model's level: {@code auto} keeps the client's thinking and betas, {@code off} removes thinking
 *     and the interleaved-thinking beta, a forced level sets {@code {type:enabled, budget_tokens}} and adds
 *     the beta; {@code max_tokens ≤ budget} becomes {@code budget + 4000};</li>
 * <li>with thinking on, {@code temperature} is dropped unless it is 1, and {@code top_k} is dropped;
 *     {@code top_p} is never sent together with {@code temperature};</li>
 * <li>fast models add {@value #FAST_BETA};</li>
 * <li>the configured prompt rewrites ({@link PromptRewrites}).</li>
 * </ul>
 * Immutable and thread-safe.
 */
public final class AnthropicShaping {
    /** The beta Factory's fast models need. */
    public static final String FAST_BETA = "fast-mode-2026-02-01";
    /** Output cap when a converted request has none (Anthropic requires one). */
    public static final int DEFAULT_MAX_TOKENS = 4096;
    private static final Set<String> PROMPT_KEYS = Set.of("system", "messages");

    private final ReasoningBudgets budgets;
    private final PromptRewrites rewrites;

    public AnthropicShaping(ReasoningBudgets budgets, PromptRewrites rewrites) {
        this.budgets = budgets;
        this.rewrites = rewrites;
    }

    /**
     * An upstream body and its {@code anthropic-beta} value.
     *
     * @param body       the JSON to send
     * @param betaHeader the header value; empty means the header is omitted
     */
    public record Shaped(JsonObject body, String betaHeader) {
    }

    /**
     * Shapes a converted request (a client of another dialect).
     *
     * @param request           the canonical request
     * @param model             the model row
     * @param upstreamModel     the id to send
     * @param systemPrompt      the prompt to inject first, or {@code ""}
     * @param includeExtensions send the request's unknown top-level fields (only for Anthropic clients)
     */
    public Shaped converted(ChatRequest request, ModelEntry model, String upstreamModel, String systemPrompt,
                            boolean includeExtensions) {
        ChatRequest r = rewrites.apply(request);
        ChatRequest.Builder b = r.toBuilder();
        if (!systemPrompt.isEmpty()) {
            List<ContentBlock.Text> system = new ArrayList<>(r.system().size() + 1);
            system.add(new ContentBlock.Text(systemPrompt));
            system.addAll(r.system());
            b.system(system);
        }
        ReasoningLevel level = model.reasoning();
        ThinkingConfig thinking = switch (level) {
            case AUTO -> r.thinking();
            case OFF -> null;
            default -> ThinkingConfig.enabled(budgets.budget(level));
        };
        b.thinking(thinking);
        int maxTokens = r.maxTokens() != null ? r.maxTokens() : DEFAULT_MAX_TOKENS;
        if (thinking != null && thinking.mode() == ThinkingConfig.Mode.ENABLED && thinking.budgetTokens() != null
                && maxTokens <= thinking.budgetTokens()) {
            maxTokens = thinking.budgetTokens() + ReasoningBudgets.ANSWER_HEADROOM;
        }
        b.maxTokens(maxTokens);
        Double temperature = r.temperature();
        Integer topK = r.topK();
        if (thinking != null && thinking.isOn()) {
            if (temperature != null && temperature != 1.0) {
                temperature = null;
            }
            topK = null;
        }
        b.temperature(temperature).topK(topK).topP(temperature != null ? null : r.topP());
        List<String> betas = betas(r.betas(), level, model.fast());
        b.betas(betas);
        AnthropicRequestWriter writer = new AnthropicRequestWriter(AnthropicRequestWriter.Options.forModel(upstreamModel)
                .withSystemMessagesInPlace(betas.contains(AnthropicBetas.PER_TURN_CONTROL))
                .withIncludeExtensions(includeExtensions)
                .withDefaultMaxTokens(DEFAULT_MAX_TOKENS)
                .withSignatureFamily(model.signatureOrigin().family()));
        return new Shaped(writer.write(b.build()), AnthropicBetas.join(betas));
    }

    /**
     * Edits a client's {@code /v1/messages} body for the pass-through route: only the declared edits, the
     * rest (cache markers, signatures, tool results, unknown fields) goes upstream untouched.
     *
     * @param raw           the client's JSON body
     * @param clientBetas   the client's {@code anthropic-beta} values
     * @param model         the model row
     * @param upstreamModel the id to send (after redirects)
     * @param systemPrompt  the prompt to inject first, or {@code ""}
     */
    public Shaped passThrough(JsonObject raw, List<String> clientBetas, ModelEntry model, String upstreamModel,
                              String systemPrompt) {
        JsonObject body = rewrites.apply(raw, PROMPT_KEYS);
        JsonObjectBuilder b = Jsons.objectBuilder(body);
        b.add("model", upstreamModel);
        if (!systemPrompt.isEmpty()) {
            b.add("system", systemWithPrompt(body.get("system"), systemPrompt));
        }
        ReasoningLevel level = model.reasoning();
        JsonObject thinking = Jsons.obj(body, "thinking");
        if (level == ReasoningLevel.OFF) {
            b.remove("thinking");
            thinking = null;
            JsonObject cm = AnthropicRequestWriter.withoutThinkingEdits(Jsons.obj(body, "context_management"));
            if (cm == null) {
                b.remove("context_management");
            } else {
                b.add("context_management", cm);
            }
        } else if (level.forced()) {
            thinking = Jsons.objectBuilder().add("type", "enabled").add("budget_tokens", budgets.budget(level)).build();
            b.add("thinking", thinking);
        }
        boolean thinkingOn = thinking != null && !"disabled".equals(Jsons.str(thinking, "type"));
        Long budget = Jsons.lng(thinking, "budget_tokens");
        Long maxTokens = Jsons.lng(body, "max_tokens");
        if (thinkingOn && "enabled".equals(Jsons.str(thinking, "type")) && budget != null && maxTokens != null
                && maxTokens <= budget) {
            b.add("max_tokens", budget + ReasoningBudgets.ANSWER_HEADROOM);
        }
        JsonValue temperature = body.get("temperature");
        if (thinkingOn) {
            if (temperature instanceof JsonNumber n && n.doubleValue() != 1.0) {
                b.remove("temperature");
                temperature = null;
            }
            b.remove("top_k");
        }
        if (temperature instanceof JsonNumber && body.containsKey("top_p")) {
            b.remove("top_p");
        }
        return new Shaped(b.build(), AnthropicBetas.join(betas(clientBetas, level, model.fast())));
    }

    /** The beta list: the client's, the level's rule, the fast beta; deduplicated in order. */
    public static List<String> betas(List<String> client, ReasoningLevel level, boolean fast) {
        List<String> betas = AnthropicBetas.parse(client);
        if (level == ReasoningLevel.OFF) {
            betas = AnthropicBetas.remove(betas, List.of(AnthropicBetas.INTERLEAVED_THINKING));
        } else if (level.forced()) {
            betas = AnthropicBetas.merge(betas, List.of(AnthropicBetas.INTERLEAVED_THINKING));
        }
        if (fast) {
            betas = AnthropicBetas.merge(betas, List.of(FAST_BETA));
        }
        return betas;
    }

    /** The Droid block first, then the client's system as it was (a string becomes a text block). */
    private static JsonArray systemWithPrompt(JsonValue system, String prompt) {
        JsonArrayBuilder out = Jsons.arrayBuilder()
                .add(Jsons.objectBuilder().add("type", "text").add("text", prompt));
        if (system instanceof JsonString s) {
            if (!s.getString().isEmpty()) {
                out.add(Jsons.objectBuilder().add("type", "text").add("text", s.getString()));
            }
        } else if (system != null && system.getValueType() == JsonValue.ValueType.ARRAY) {
            system.asJsonArray().forEach(out::add);
        }
        return out.build();
    }

}
