package dev.switchboard.plugin.kiro.convert;

import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * One conversation turn on its way to a Kiro history entry: the native parts (texts, images, tool uses, tool
 * results) of one or more merged canonical messages. Mutable working state of one conversion; not thread-safe.
 */
final class Turn {
    /** Who speaks. Canonical system messages inside {@code messages[]} become user turns. */
    enum Speaker { USER, ASSISTANT }

    /** An assistant tool call; {@code name} is the Kiro-side (possibly shortened) name. */
    record ToolUse(String id, String name, JsonObject input) {
    }

    /** A tool result: the text sent as {@code [{"text"}]}, and whether it reports an error. */
    record ToolResult(String toolUseId, String text, boolean error) {
    }

    final Speaker speaker;
    final List<String> texts = new ArrayList<>();
    final List<JsonObject> images = new ArrayList<>();
    final List<ToolUse> toolUses = new ArrayList<>();
    final List<ToolResult> toolResults = new ArrayList<>();
    /** Reasoning to resend as {@code <thinking>} tags (prompt-tags mode only), or empty. */
    final StringBuilder thinking = new StringBuilder();
    /** The system-prompt pair at the head of the history: never trimmed. */
    boolean systemPair;

    Turn(Speaker speaker) {
        this.speaker = speaker;
    }

    static Turn user(String text) {
        Turn t = new Turn(Speaker.USER);
        t.texts.add(text);
        return t;
    }

    static Turn assistant(String text) {
        Turn t = new Turn(Speaker.ASSISTANT);
        t.texts.add(text);
        return t;
    }

    boolean isUser() {
        return speaker == Speaker.USER;
    }

    /** The texts joined with {@code \n}. */
    String joinedText() {
        return String.join("\n", texts);
    }

    /** True when some text is not blank. */
    boolean hasText() {
        for (String t : texts) {
            if (!t.isBlank()) {
                return true;
            }
        }
        return false;
    }

    /** Appends another turn of the same speaker (Kiro rejects adjacent turns of one speaker). */
    void absorb(Turn other) {
        texts.addAll(other.texts);
        images.addAll(other.images);
        toolUses.addAll(other.toolUses);
        toolResults.addAll(other.toolResults);
        if (!other.thinking.isEmpty()) {
            if (!thinking.isEmpty()) {
                thinking.append('\n');
            }
            thinking.append(other.thinking);
        }
    }
}
