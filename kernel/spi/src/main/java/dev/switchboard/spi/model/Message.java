package dev.switchboard.spi.model;

import java.util.List;
import java.util.Objects;

/**
 * One turn of the conversation.
 *
 * @param role    who wrote it; {@link Role#SYSTEM} is a mid-conversation system message
 * @param content the blocks in order; a string content becomes a single text block
 */
public record Message(Role role, List<ContentBlock> content) {
    public Message {
        Objects.requireNonNull(role, "role");
        content = List.copyOf(content);
    }

    public static Message user(String text) {
        return new Message(Role.USER, List.of(new ContentBlock.Text(text)));
    }

    public static Message assistant(String text) {
        return new Message(Role.ASSISTANT, List.of(new ContentBlock.Text(text)));
    }

    /** The text blocks joined without a separator. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (ContentBlock b : content) {
            if (b instanceof ContentBlock.Text t) {
                sb.append(t.text());
            }
        }
        return sb.toString();
    }
}
