package dev.switchboard.clients;

/**
 * What the fake model answers next: optional reasoning, then either a text or one tool call. Immutable.
 *
 * @param reasoning  reasoning text to send first, or null
 * @param text       the answer text, or null for a tool call
 * @param tool       the tool to call, or null for a text answer
 * @param namespace  the namespace the called tool was declared in (Responses {@code namespace} tools), or null
 * @param arguments  the call's arguments as JSON text
 */
record AgentTurn(String reasoning, String text, String tool, String namespace, String arguments) {
    /** The reasoning the fake sends when a request asks for thinking. */
    static final String REASONING = "Let me look at this.";
    /** The signature (Anthropic) or encrypted content (Responses) of that reasoning. */
    static final String SIGNATURE = "fake-signature-0123456789";
    /** How the fake answers a request that asks for nothing in particular. */
    static final String HELLO = "Hi! I am the fake upstream.";
    /** The start of the answer after a tool result; the result follows on one line (at most 300 characters). */
    static final String AFTER_TOOL = "The tool said: ";

    /**
     * The next turn for a conversation: after tool results, a text quoting them on one line; else a call of
     * {@code plan}'s tool when the client declared it and the user's text contains the plan's trigger; else a
     * greeting. Reasoning first when the request asks for thinking.
     */
    static AgentTurn next(Conversation c, ToolPlan plan) {
        String reasoning = c.thinking() ? REASONING : null;
        if (c.toolResult() != null) {
            String quoted = c.toolResult().strip().replaceAll("\\s+", " ");
            return new AgentTurn(reasoning, AFTER_TOOL + quoted.substring(0, Math.min(300, quoted.length())), null,
                    null, null);
        }
        if (plan != null && c.tools().containsKey(plan.tool()) && c.lastUser().contains(plan.trigger())) {
            return new AgentTurn(reasoning, null, plan.tool(), c.tools().get(plan.tool()), plan.arguments());
        }
        return new AgentTurn(reasoning, HELLO, null, null, null);
    }

    boolean isToolCall() {
        return tool != null;
    }

    /**
     * Which tool the fake calls, with what, when the user's text contains {@code trigger}.
     *
     * @param trigger   text the user's last message must contain
     * @param tool      the client's tool name
     * @param arguments JSON text of the arguments
     */
    record ToolPlan(String trigger, String tool, String arguments) {
    }
}
