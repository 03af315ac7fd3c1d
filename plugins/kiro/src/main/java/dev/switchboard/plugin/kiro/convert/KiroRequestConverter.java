package dev.switchboard.plugin.kiro.convert;

import dev.switchboard.plugin.kiro.KiroModels;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.TokenCounter;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.spi.model.ThinkingConfig;
import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Canonical request → Kiro {@code conversationState}, with native {@code toolUses} and
 * {@code toolResults}, never flattened to text. The system prompt (array or string) is sent once, as the opening
 * user/assistant pair; the history alternates; the repairs of plugins/kiro/README.md#what-kiro-rejects happen here so
 * Kiro's 400s are avoided; an oversize body is rejected (or trimmed) before any upstream call. Pure: the same request
 * converts to the same body, {@code conversationId} included ({@link ConversationIds}). Thread-safe.
 */
public final class KiroRequestConverter {
    static final String SYSTEM_ACK = "I will follow these instructions.";

    private final ConversionOptions options;
    private final ConversationStateWriter writer;
    private final Logger log;

    public KiroRequestConverter(ConversionOptions options, TokenCounter counter, Logger log) {
        this.options = options;
        this.writer = new ConversationStateWriter(counter);
        this.log = log;
    }

    /**
     * Converts one request.
     *
     * @param profileArn the social account's ARN to put at the body root, or null (builder-id / idc)
     * @throws GatewayException 400s for content Kiro cannot take, {@link ErrorKind#CONTEXT_TOO_LONG} for an oversize
     *                          body that cannot be trimmed
     */
    public KiroRequest convert(ChatRequest request, KiroModels.KiroModel model, String profileArn)
            throws GatewayException {
        boolean thinkingTags = options.thinkingMode() == ConversionOptions.ThinkingMode.PROMPT_TAGS
                && request.thinkingOn();
        ToolNames toolNames = new ToolNames();
        List<Turn> turns = new MessageReader(toolNames, thinkingTags, log).read(request.messages());
        turns = new HistoryNormalizer(log).normalise(turns);

        List<Turn> history = new ArrayList<>();
        String system = systemText(request, thinkingTags);
        if (!system.isEmpty()) {
            Turn user = Turn.user(system);
            Turn ack = Turn.assistant(SYSTEM_ACK);
            user.systemPair = true;
            ack.systemPair = true;
            history.add(user);
            history.add(ack);
        }
        history.addAll(turns.subList(0, turns.size() - 1));
        Turn current = turns.getLast();

        Set<String> usedTools = new LinkedHashSet<>();
        for (Turn t : history) {
            t.toolUses.forEach(u -> usedTools.add(u.name()));
        }
        List<JsonObject> tools = new ToolSpecs(toolNames, options.maxToolDescriptionChars(), options.maxTools(), log)
                .build(request.tools(), usedTools);
        String conversationId = ConversationIds.of(request, model.modelId());

        JsonObject body = writer.body(conversationId, history, current, tools, model.modelId(), profileArn,
                options.taskFields());
        byte[] bytes = utf8(body);
        if (bytes.length > options.maxBodyBytes()) {
            int estimate = writer.estimate(history, current, tools);
            if (options.overflow() == ConversionOptions.Overflow.REJECT) {
                throw tooLong(estimate, model.contextWindow(), bytes.length);
            }
            while (bytes.length > options.maxBodyBytes()) {
                if (!trimOldest(history, current, bytes.length - options.maxBodyBytes(), model.modelId())) {
                    throw tooLong(estimate, model.contextWindow(), bytes.length);
                }
                body = writer.body(conversationId, history, current, tools, model.modelId(), profileArn,
                        options.taskFields());
                bytes = utf8(body);
            }
        }
        int inputTokens = writer.estimate(history, current, tools);
        return new KiroRequest(body, bytes, inputTokens, toolNames, conversationId, model, thinkingTags);
    }

    /** The system text: the global prompt, the request's system blocks, thinking tags in prompt-tags mode. */
    private String systemText(ChatRequest request, boolean thinkingTags) {
        List<String> parts = new ArrayList<>();
        if (!options.systemPrompt().isBlank()) {
            parts.add(options.systemPrompt());
        }
        String own = request.systemText();
        if (!own.isBlank()) {
            parts.add(own);
        }
        String text = String.join("\n\n", parts);
        if (!thinkingTags) {
            return text;
        }
        ThinkingConfig t = request.thinking();
        String tags = t.mode() == ThinkingConfig.Mode.ADAPTIVE
                ? "<thinking_mode>adaptive</thinking_mode><thinking_effort>"
                + (request.effort() == null ? "high" : request.effort()) + "</thinking_effort>"
                : "<thinking_mode>enabled</thinking_mode><max_thinking_length>"
                + (t.budgetTokens() == null ? 16_000 : t.budgetTokens()) + "</max_thinking_length>";
        return text.isEmpty() ? tags : tags + "\n\n" + text;
    }

    /**
     * {@code body-overflow: trim-oldest}: drops the oldest user/assistant pairs after the system pair until about
     * {@code excess} bytes are gone. A user turn left holding results of a dropped call loses those results too, so
     * no half pair remains; the pair whose calls the current message answers is never dropped.
     *
     * @return false when nothing more can be dropped
     */
    private boolean trimOldest(List<Turn> history, Turn current, int excess, String modelId) {
        int removed = 0;
        boolean any = false;
        while (removed < excess) {
            int s = 0;
            while (s < history.size() && history.get(s).systemPair) {
                s++;
            }
            boolean lastPair = s + 2 >= history.size();
            if (s + 1 >= history.size() || lastPair && !current.toolResults.isEmpty()) {
                return any;
            }
            removed += utf8(writer.entry(history.get(s), modelId, List.of())).length
                    + utf8(writer.entry(history.get(s + 1), modelId, List.of())).length + 2;
            history.remove(s + 1);
            history.remove(s);
            any = true;
            Turn next = s < history.size() ? history.get(s) : current;
            if (!next.toolResults.isEmpty()) {
                int dropped = next.toolResults.size();
                next.toolResults.clear();
                if (next.texts.size() == 1 && HistoryNormalizer.TOOL_RESULTS_PROVIDED.equals(next.texts.getFirst())) {
                    next.texts.set(0, HistoryNormalizer.CONTINUE);
                }
                log.warning(() -> "body-overflow: dropped " + dropped + " tool results whose calls were trimmed");
            }
        }
        int pairs = removed;
        log.info(() -> "body-overflow: trimmed about " + pairs + " bytes of the oldest history");
        return true;
    }

    private static GatewayException tooLong(int estimate, int window, int bytes) {
        String message = estimate > window
                ? "prompt is too long: " + estimate + " tokens > " + window + " maximum"
                : "prompt is too long: the request is " + bytes + " bytes, over the Kiro body limit (about "
                + estimate + " tokens)";
        return GatewayException.builder(ErrorKind.CONTEXT_TOO_LONG).message(message).build();
    }

    private static byte[] utf8(JsonObject o) {
        return Jsons.write(o).getBytes(StandardCharsets.UTF_8);
    }
}
