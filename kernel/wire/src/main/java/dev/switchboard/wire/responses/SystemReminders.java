package dev.switchboard.wire.responses;

import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.Message;
import dev.switchboard.spi.model.Role;
import java.util.ArrayList;
import java.util.List;

/**
 * The default conversion of mid-conversation {@code role:"system"} messages: each
 * is wrapped in {@code <system-reminder>\n…\n</system-reminder>} and merged into the adjacent user message,
 * the next one if there is one, else the previous one; with no user neighbour it becomes a user message of
 * its own. Claude Code itself uses this layout, and it is never dropped (claude-code-router lost the
 * environment and tool list that way). Stateless.
 */
final class SystemReminders {
    private SystemReminders() {
    }

    /** The messages with no {@link Role#SYSTEM} message left. */
    static List<Message> merge(List<Message> messages) {
        List<Message> out = new ArrayList<>(messages.size());
        List<ContentBlock> pending = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            if (m.role() == Role.SYSTEM) {
                ContentBlock.Text reminder = reminder(m);
                if (reminder != null) {
                    pending.add(reminder);
                }
                continue;
            }
            if (!pending.isEmpty()) {
                if (m.role() == Role.USER) {
                    List<ContentBlock> content = new ArrayList<>(pending);
                    content.addAll(m.content());
                    out.add(new Message(Role.USER, content));
                    pending.clear();
                    continue;
                }
                attachToPrevious(out, pending);
            }
            out.add(m);
        }
        if (!pending.isEmpty()) {
            attachToPrevious(out, pending);
        }
        return out;
    }

    private static void attachToPrevious(List<Message> out, List<ContentBlock> pending) {
        Message previous = out.isEmpty() ? null : out.get(out.size() - 1);
        if (previous != null && previous.role() == Role.USER) {
            List<ContentBlock> content = new ArrayList<>(previous.content());
            content.addAll(pending);
            out.set(out.size() - 1, new Message(Role.USER, content));
        } else {
            out.add(new Message(Role.USER, pending));
        }
        pending.clear();
    }

    private static ContentBlock.Text reminder(Message m) {
        StringBuilder sb = new StringBuilder();
        for (ContentBlock b : m.content()) {
            if (b instanceof ContentBlock.Text t && !t.text().isEmpty()) {
                if (!sb.isEmpty()) {
                    sb.append("\n\n");
                }
                sb.append(t.text());
            }
        }
        return sb.isEmpty() ? null : new ContentBlock.Text("<system-reminder>\n" + sb + "\n</system-reminder>");
    }
}
