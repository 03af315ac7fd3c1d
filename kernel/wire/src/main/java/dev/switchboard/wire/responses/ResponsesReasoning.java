package dev.switchboard.wire.responses;

import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.spi.model.ThinkingConfig;
import java.util.Locale;

/**
 * Reasoning effort ⇄ canonical thinking, in both directions. Stateless.
 */
public final class ResponsesReasoning {
    /** Budgets for {@code low}/{@code medium}/{@code high}, chosen so that mapping a budget back to an
     *  effort gives the same effort. */
    public static final int BUDGET_LOW = 1024;
    static final int BUDGET_MEDIUM = 2048;
    static final int BUDGET_HIGH = 4096;

    private ResponsesReasoning() {
    }

    /** True for an effort that switches reasoning off ({@code none}, {@code minimal}). */
    public static boolean isOff(String effort) {
        return "none".equals(effort) || "minimal".equals(effort);
    }

    /** The thinking budget for an effort that is on, or null for an effort this gateway does not know. */
    public static Integer budgetOf(String effort) {
        return switch (effort) {
            case "low" -> BUDGET_LOW;
            case "medium" -> BUDGET_MEDIUM;
            case "high", "xhigh", "max" -> BUDGET_HIGH;
            default -> null;
        };
    }

    /**
     * The {@code reasoning.effort} to send upstream for a canonical request, or null for none: adaptive
     * thinking uses the request's effort (default {@code medium}); enabled thinking maps its budget
     * (&lt; 2048 low, &lt; 4096 medium, else high); an effort without thinking is used as is; disabled
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
            int budget = thinking.budgetTokens() == null ? BUDGET_MEDIUM : thinking.budgetTokens();
            result = budget < BUDGET_MEDIUM ? "low" : budget < BUDGET_HIGH ? "medium" : "high";
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
