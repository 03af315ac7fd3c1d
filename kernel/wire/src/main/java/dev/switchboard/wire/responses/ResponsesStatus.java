package dev.switchboard.wire.responses;

import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.StopReason;
import jakarta.json.JsonObject;

/**
 * The Responses {@code status} / {@code incomplete_details} vocabulary and its mapping to canonical stop
 * reasons. Stateless.
 */
public final class ResponsesStatus {
    public static final String COMPLETED = "completed";
    static final String INCOMPLETE = "incomplete";
    public static final String IN_PROGRESS = "in_progress";
    public static final String FAILED = "failed";

    static final String REASON_MAX_OUTPUT_TOKENS = "max_output_tokens";
    static final String REASON_CONTENT_FILTER = "content_filter";

    private ResponsesStatus() {
    }

    /** {@code completed}, or {@code incomplete} for a truncated or refused answer. */
    public static String statusOf(StopReason reason) {
        return incompleteReasonOf(reason) == null ? COMPLETED : INCOMPLETE;
    }

    /** {@code incomplete_details.reason} for a stop reason, or null when the answer is complete. */
    static String incompleteReasonOf(StopReason reason) {
        if (reason == null) {
            return null;
        }
        return switch (reason) {
            case MAX_TOKENS, MODEL_CONTEXT_WINDOW_EXCEEDED -> REASON_MAX_OUTPUT_TOKENS;
            case REFUSAL -> REASON_CONTENT_FILTER;
            case END_TURN, STOP_SEQUENCE, PAUSE_TURN, TOOL_USE -> null;
        };
    }

    /** {@code {"reason": ...}} or null when the answer is complete. */
    public static JsonObject incompleteDetailsOf(StopReason reason) {
        String r = incompleteReasonOf(reason);
        return r == null ? null : Jsons.objectBuilder().add("reason", r).build();
    }

    /**
     * The canonical stop reason of an upstream Responses answer. The tool override applies in
     * every direction: a produced function call makes it {@code tool_use} whatever the status says
     * (some servers report {@code completed} with calls), and no call means never {@code tool_use}.
     *
     * @param status           the response status ({@code completed}, {@code incomplete}, null)
     * @param incompleteReason {@code incomplete_details.reason} or null
     * @param sawToolCall      at least one usable function call was produced
     * @param refusal          the message contained a refusal
     */
    static StopReason stopReasonOf(String status, String incompleteReason, boolean sawToolCall, boolean refusal) {
        if (sawToolCall) {
            return StopReason.TOOL_USE;
        }
        if (INCOMPLETE.equals(status)) {
            return REASON_CONTENT_FILTER.equals(incompleteReason) ? StopReason.REFUSAL : StopReason.MAX_TOKENS;
        }
        return refusal ? StopReason.REFUSAL : StopReason.END_TURN;
    }
}
