package dev.switchboard.wire.openai;

import dev.switchboard.spi.model.StopReason;

/**
 * Maps Anthropic stop reasons to OpenAI finish reasons and back, applying the two
 * overrides in every direction:
 * <ol>
 *   <li>at least one tool call produced → {@code tool_use}/{@code tool_calls} (Ollama, Qwen and MLX servers
 *       answer {@code stop} next to tool calls, and Claude Code would then never run the tool);</li>
 *   <li>{@code tool_use}/{@code tool_calls} without any usable call → {@code end_turn}/{@code stop} (a
 *       phantom tool turn stalls the client).</li>
 * </ol>
 * Stateless and thread-safe.
 */
public final class OpenAiFinishReasons {
    private OpenAiFinishReasons() {
    }

    /**
     * Canonical → OpenAI {@code finish_reason}.
     *
     * @param stop            the canonical stop reason (null counts as {@code end_turn})
     * @param toolUseProduced whether the answer contains at least one tool call
     */
    public static String toFinishReason(StopReason stop, boolean toolUseProduced) {
        if (toolUseProduced) {
            return "tool_calls";
        }
        if (stop == null) {
            return "stop";
        }
        return switch (stop) {
            case END_TURN, STOP_SEQUENCE, PAUSE_TURN, TOOL_USE -> "stop"; // TOOL_USE here is a phantom: override 2
            case MAX_TOKENS, MODEL_CONTEXT_WINDOW_EXCEEDED -> "length";
            case REFUSAL -> "content_filter";
        };
    }

    /**
     * OpenAI {@code finish_reason} → canonical. Unknown values are never passed through: they become
     * {@code end_turn}.
     *
     * @param finishReason    the upstream value, or null when none was sent
     * @param toolUseProduced whether at least one usable tool call was produced
     */
    public static StopReason toStopReason(String finishReason, boolean toolUseProduced) {
        if (toolUseProduced) {
            return StopReason.TOOL_USE;
        }
        if (finishReason == null) {
            return StopReason.END_TURN;
        }
        return switch (finishReason) {
            case "length" -> StopReason.MAX_TOKENS;
            case "content_filter" -> StopReason.REFUSAL;
            // "tool_calls"/"function_call" without a usable call is override 2; "stop" and unknown values end the turn.
            default -> StopReason.END_TURN;
        };
    }
}
