package dev.switchboard.wire;

import java.util.Locale;

/**
 * The table between an OpenAI reasoning effort and an Anthropic thinking budget, used in both directions: an
 * OpenAI client's {@code reasoning.effort} / {@code reasoning_effort} becomes the budget of its level for a Claude
 * upstream, and Claude Code's {@code thinking.budget_tokens} becomes the highest level whose budget it reaches for
 * an OpenAI reasoning model. {@code none} and {@code minimal} switch thinking off; {@code max} is {@code xhigh}.
 * Budgets must grow with the level and start at Anthropic's minimum of 1024, so a budget read from a level maps
 * back to the same level. Immutable.
 *
 * @param low    budget of {@code low} (default 1024)
 * @param medium budget of {@code medium} (default 2048)
 * @param high   budget of {@code high} (default 4096)
 * @param xhigh  budget of {@code xhigh} and {@code max} (default 8192)
 */
public record EffortBudgets(int low, int medium, int high, int xhigh) {
    /** Anthropic's smallest thinking budget. */
    public static final int MIN_BUDGET = 1024;
    /** The default table. */
    public static final EffortBudgets DEFAULTS = new EffortBudgets(MIN_BUDGET, 2048, 4096, 8192);

    public EffortBudgets {
        if (low < MIN_BUDGET) {
            throw new IllegalArgumentException("the low budget must be at least " + MIN_BUDGET + ", was " + low);
        }
        if (!(low < medium && medium < high && high < xhigh)) {
            throw new IllegalArgumentException("budgets must grow with the level: low " + low + " < medium "
                    + medium + " < high " + high + " < xhigh " + xhigh);
        }
    }

    /** True for an effort that switches thinking off. */
    public static boolean isOff(String effort) {
        return "none".equals(effort) || "minimal".equals(effort);
    }

    /** The budget of an effort that is on, or null for an effort this table does not know. */
    public Integer budgetOf(String effort) {
        return switch (effort == null ? "" : effort.toLowerCase(Locale.ROOT)) {
            case "low" -> low;
            case "medium" -> medium;
            case "high" -> high;
            case "xhigh", "max" -> xhigh;
            default -> null;
        };
    }

    /** The highest effort whose budget {@code budget} reaches; {@code low} below that of {@code medium}. */
    public String effortOf(int budget) {
        return budget >= xhigh ? "xhigh" : budget >= high ? "high" : budget >= medium ? "medium" : "low";
    }
}
