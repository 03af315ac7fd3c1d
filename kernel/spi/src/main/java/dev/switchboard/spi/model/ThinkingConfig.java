package dev.switchboard.spi.model;

/**
 * Extended-thinking settings of a request.
 *
 * @param mode         enabled with a budget, adaptive (model decides), or disabled
 * @param budgetTokens the budget for {@link Mode#ENABLED}, else null
 * @param display      Anthropic's {@code display} hint ({@code omitted}, {@code updates}), or null
 */
public record ThinkingConfig(Mode mode, Integer budgetTokens, String display) {

    /** Thinking modes with their Anthropic wire names. */
    public enum Mode {
        ENABLED("enabled"), ADAPTIVE("adaptive"), DISABLED("disabled");

        private final String wire;

        Mode(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        public static Mode fromWire(String s) {
            for (Mode m : values()) {
                if (m.wire.equals(s)) {
                    return m;
                }
            }
            return null;
        }
    }

    public static ThinkingConfig enabled(int budget) {
        return new ThinkingConfig(Mode.ENABLED, budget, null);
    }

    public static ThinkingConfig adaptive() {
        return new ThinkingConfig(Mode.ADAPTIVE, null, null);
    }

    /** True when the model is asked to think (enabled or adaptive). */
    public boolean isOn() {
        return mode != Mode.DISABLED;
    }
}
