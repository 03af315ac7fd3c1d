package dev.switchboard.plugin.kiro.convert;

import dev.switchboard.spi.GatewayException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Turns the read messages into a history Kiro accepts — no prefill or empty assistant turns, no
 * adjacent same-speaker turns, a user turn first and last, tool uses and results paired one to one, and no empty
 * content. Each repair that drops something is logged as a warning. Stateless apart from the logger.
 */
final class HistoryNormalizer {
    static final String CONTINUE = "Continue";
    static final String TOOL_RESULTS_PROVIDED = "Tool results provided.";
    static final String ASSISTANT_PLACEHOLDER = " ";

    private final Logger log;

    HistoryNormalizer(Logger log) {
        this.log = log;
    }

    /**
     * Normalises the turns in place order; the result alternates user/assistant and ends with the user turn that
     * becomes {@code currentMessage}.
     *
     * @throws GatewayException a 400 when no user message is left
     */
    List<Turn> normalise(List<Turn> input) throws GatewayException {
        List<Turn> turns = new ArrayList<>(input);
        // Step 3: a trailing assistant turn is a prefill Kiro cannot continue; empty assistant turns say nothing.
        while (!turns.isEmpty() && !turns.getLast().isUser()) {
            turns.removeLast();
            log.fine("dropped a trailing assistant message (prefill is not supported by Kiro)");
        }
        turns.removeIf(t -> !t.isUser() && !t.hasText() && t.toolUses.isEmpty() && t.thinking.isEmpty());
        if (turns.isEmpty()) {
            throw GatewayException.invalid("messages", "the request has no user message");
        }
        // Step 4: merge neighbours of the same speaker.
        List<Turn> merged = new ArrayList<>(turns.size());
        for (Turn t : turns) {
            if (!merged.isEmpty() && merged.getLast().speaker == t.speaker) {
                merged.getLast().absorb(t);
            } else {
                merged.add(t);
            }
        }
        // Step 5: Kiro's history starts with a user turn.
        if (!merged.getFirst().isUser()) {
            merged.addFirst(Turn.user(CONTINUE));
        }
        repairToolPairs(merged);
        fillEmptyContent(merged);
        return merged;
    }

    /** Step 7: duplicate ids, results without a call in the previous turn, calls never answered. */
    private void repairToolPairs(List<Turn> turns) {
        Set<String> seenUses = new HashSet<>();
        for (Turn t : turns) {
            for (Iterator<Turn.ToolUse> it = t.toolUses.iterator(); it.hasNext(); ) {
                Turn.ToolUse u = it.next();
                if (!seenUses.add(u.id())) {
                    it.remove();
                    log.warning(() -> "dropped a duplicate tool_use id " + u.id());
                }
            }
        }
        for (int i = 0; i < turns.size(); i++) {
            Turn t = turns.get(i);
            if (!t.isUser() || t.toolResults.isEmpty()) {
                continue;
            }
            Set<String> calls = new HashSet<>();
            if (i > 0) {
                turns.get(i - 1).toolUses.forEach(u -> calls.add(u.id()));
            }
            Set<String> answered = new HashSet<>();
            for (Iterator<Turn.ToolResult> it = t.toolResults.iterator(); it.hasNext(); ) {
                Turn.ToolResult r = it.next();
                if (!calls.contains(r.toolUseId())) {
                    it.remove();
                    log.warning(() -> "dropped tool_result " + r.toolUseId()
                            + ": no matching tool_use in the previous assistant message");
                } else if (!answered.add(r.toolUseId())) {
                    it.remove();
                    log.warning(() -> "dropped a duplicate tool_result for " + r.toolUseId());
                }
            }
        }
        for (int i = 0; i < turns.size(); i++) {
            Turn t = turns.get(i);
            if (t.isUser() || t.toolUses.isEmpty()) {
                continue;
            }
            Set<String> results = new HashSet<>();
            if (i + 1 < turns.size()) {
                turns.get(i + 1).toolResults.forEach(r -> results.add(r.toolUseId()));
            }
            for (Iterator<Turn.ToolUse> it = t.toolUses.iterator(); it.hasNext(); ) {
                Turn.ToolUse u = it.next();
                if (!results.contains(u.id())) {
                    it.remove();
                    log.warning(() -> "dropped tool_use " + u.id() + " (" + u.name() + "): it was never answered");
                }
            }
        }
    }

    /** Step 8: placeholders where a turn has no text left. */
    private static void fillEmptyContent(List<Turn> turns) {
        for (Turn t : turns) {
            if (t.hasText() || !t.thinking.isEmpty()) {
                continue;
            }
            t.texts.clear();
            if (!t.isUser()) {
                t.texts.add(ASSISTANT_PLACEHOLDER);
            } else {
                t.texts.add(t.toolResults.isEmpty() ? CONTINUE : TOOL_RESULTS_PROVIDED);
            }
        }
    }
}
