package dev.switchboard.wire;

import dev.switchboard.spi.model.CacheControl;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.Message;
import dev.switchboard.spi.model.Role;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts {@code role:"system"} messages inside {@code messages[]} for upstreams that do not accept
 * them: each becomes a {@code <system-reminder>\n…\n</system-reminder>} text
 * block merged into the adjacent user message — the next one, else the previous one, else a new user
 * message in its place. This is the layout Claude Code itself uses for models without per-turn control,
 * and it never drops the text (claude-code-router 2.0.0 did, losing the environment and tool list).
 *
 * <p>The one owner of this rule: the Anthropic and Responses request writers and any plugin's own writer (the
 * Factory plugin's Gemini writer) call it, so every upstream without mid-conversation system messages gets the
 * same layout. Works on canonical messages. Stateless and thread-safe.
 */
public final class SystemReminders {
    private static final String OPEN = "<system-reminder>\n";
    private static final String CLOSE = "\n</system-reminder>";

    private SystemReminders() {
    }

    /** True when {@code messages} holds at least one {@link Role#SYSTEM} message. */
    public static boolean present(List<Message> messages) {
        for (Message m : messages) {
            if (m.role() == Role.SYSTEM) {
                return true;
            }
        }
        return false;
    }

    /** The messages with every {@link Role#SYSTEM} message merged into a user message as a reminder. */
    public static List<Message> merge(List<Message> messages) {
        if (!present(messages)) {
            return messages;
        }
        List<Role> roles = new ArrayList<>();
        List<List<ContentBlock>> contents = new ArrayList<>();
        int i = 0;
        while (i < messages.size()) {
            Message m = messages.get(i);
            if (m.role() != Role.SYSTEM) {
                roles.add(m.role());
                contents.add(new ArrayList<>(m.content()));
                i++;
                continue;
            }
            // A run of consecutive system messages travels together, in order.
            List<ContentBlock> reminders = new ArrayList<>();
            while (i < messages.size() && messages.get(i).role() == Role.SYSTEM) {
                reminders.addAll(toReminder(messages.get(i)));
                i++;
            }
            if (reminders.isEmpty()) {
                continue;
            }
            int last = roles.size() - 1;
            if (i < messages.size() && messages.get(i).role() == Role.USER) {
                List<ContentBlock> next = new ArrayList<>(messages.get(i).content());
                next.addAll(leadingToolResults(next), reminders);
                roles.add(Role.USER);
                contents.add(next);
                i++;
            } else if (last >= 0 && roles.get(last) == Role.USER) {
                contents.get(last).addAll(reminders);
            } else {
                roles.add(Role.USER);
                contents.add(reminders);
            }
        }
        List<Message> out = new ArrayList<>(roles.size());
        for (int k = 0; k < roles.size(); k++) {
            out.add(new Message(roles.get(k), contents.get(k)));
        }
        return out;
    }

    /** Wraps text in the reminder tags. */
    public static String wrap(String text) {
        return OPEN + text + CLOSE;
    }

    /**
     * The system message's text blocks joined into one reminder (keeping the last cache marker, which is
     * Claude Code's rolling cache breakpoint), followed by any non-text blocks unchanged.
     */
    private static List<ContentBlock> toReminder(Message system) {
        StringBuilder text = new StringBuilder();
        CacheControl cc = null;
        List<ContentBlock> others = new ArrayList<>();
        for (ContentBlock b : system.content()) {
            if (b instanceof ContentBlock.Text t) {
                if (t.text().isEmpty()) {
                    continue;
                }
                if (!text.isEmpty()) {
                    text.append("\n\n");
                }
                text.append(t.text());
                if (t.cacheControl() != null) {
                    cc = t.cacheControl();
                }
            } else {
                others.add(b);
            }
        }
        List<ContentBlock> out = new ArrayList<>(1 + others.size());
        if (!text.isEmpty()) {
            out.add(new ContentBlock.Text(wrap(text.toString()), cc));
        }
        out.addAll(others);
        return out;
    }

    /** Tool results must open a user message (Anthropic rejects text before them), so insert after them. */
    private static int leadingToolResults(List<ContentBlock> content) {
        int n = 0;
        while (n < content.size() && content.get(n) instanceof ContentBlock.ToolResult) {
            n++;
        }
        return n;
    }
}
