package dev.switchboard.plugin.factory.model;

/**
 * Anthropic thinking budgets per forced reasoning level. droid2api used 24576
 * for xhigh on chat routes but 40960 on {@code /v1/messages}; this plugin uses one value per level on
 * every route. Immutable.
 *
 * @param low    budget for {@code low}
 * @param medium budget for {@code medium}
 * @param high   budget for {@code high}
 * @param xhigh  budget for {@code xhigh}
 */
public record ReasoningBudgets(int low, int medium, int high, int xhigh) {
    /** The default budgets: 4096, 12288, 24576, 40960. */
    public static final ReasoningBudgets DEFAULTS = new ReasoningBudgets(4096, 12288, 24576, 40960);

    /**
     * Room for the answer above the thinking budget: with thinking on and {@code max_tokens ≤ budget},
     * {@code max_tokens} becomes {@code budget + 4000} (factory-go-api's rule; Anthropic rejects
     * {@code max_tokens ≤ budget_tokens}).
     */
    public static final int ANSWER_HEADROOM = 4000;

    /** The budget of a forced level; throws for auto and off, which have none. */
    public int budget(ReasoningLevel level) {
        return switch (level) {
            case LOW -> low;
            case MEDIUM -> medium;
            case HIGH -> high;
            case XHIGH -> xhigh;
            case AUTO, OFF -> throw new IllegalArgumentException("level " + level.wire() + " has no budget");
        };
    }
}
