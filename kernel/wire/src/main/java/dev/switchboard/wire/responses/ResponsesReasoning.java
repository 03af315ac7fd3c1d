package dev.switchboard.wire.responses;

import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.spi.model.ThinkingConfig;
import dev.switchboard.wire.EffortBudgets;
import java.util.Locale;

/**
 * Reasoning effort ⇄ canonical thinking for Responses, in both directions, by the {@link EffortBudgets} table.
 * Stateless.
 */
public final class ResponsesReasoning {
    /** The smallest thinking budget. */
    public static final int BUDGET_LOW = EffortBudgets.MIN_BUDGET;

    private ResponsesReasoning() {
    }

    /** True for an effort that switches reasoning off ({@code none}, {@code minimal}). */
    public static boolean isOff(String effort) {
        return EffortBudgets.isOff(effort);
    }

    /** The thinking budget for an effort that is on by the default table, or null for an unknown effort. */
    public static Integer budgetOf(String effort) {
        return EffortBudgets.DEFAULTS.budgetOf(effort);
    }

    /**
     * The {@code reasoning.effort} to send upstream for a canonical request, or null for none: adaptive
     * thinking uses the request's effort (default {@code medium}); enabled thinking maps its budget by the
     * default {@link EffortBudgets} table; an effort without thinking is used as is; disabled
     * thinking sends nothing. {@code xhigh}/{@code max} become {@code high} unless the upstream has
     * {@code xhigh}.
     */
    static String effortOf(ChatRequest request, boolean xhighSupported) {
        ThinkingConfig thinking = request.thinking();
        String effort = request.effort() == null ? null : request.effort().toLowerCase(Locale.ROOT);
        String result;
        if (thinking != null && thinking.mode() == ThinkingConfig.Mode.DISABLED) {
            return null;
        } else if (thinking != null && thinking.mode() == ThinkingConfig.Mode.ENABLED && effort == null) {
            result = thinking.budgetTokens() == null ? "medium"
                    : EffortBudgets.DEFAULTS.effortOf(thinking.budgetTokens());
        } else if (thinking != null) {
            result = effort == null ? "medium" : effort;
        } else {
            result = effort;
        }
        if (result == null || isOff(result)) {
            return null;
        }
        if (result.equals("max") || result.equals("xhigh")) {
            return xhighSupported ? "xhigh" : "high";
        }
        return result;
    }
}
