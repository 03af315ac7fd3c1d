package dev.switchboard.spi.model;

/** Why the model stopped, with Anthropic's wire names (the canonical vocabulary). */
public enum StopReason {
    END_TURN("end_turn"),
    MAX_TOKENS("max_tokens"),
    STOP_SEQUENCE("stop_sequence"),
    TOOL_USE("tool_use"),
    PAUSE_TURN("pause_turn"),
    REFUSAL("refusal"),
    MODEL_CONTEXT_WINDOW_EXCEEDED("model_context_window_exceeded");

    private final String wire;

    StopReason(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Parses an Anthropic stop reason; unknown or null values become {@link #END_TURN}. */
    public static StopReason fromWire(String s) {
        for (StopReason r : values()) {
            if (r.wire.equals(s)) {
                return r;
            }
        }
        return END_TURN;
    }
}
