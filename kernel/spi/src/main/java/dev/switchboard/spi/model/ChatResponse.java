package dev.switchboard.spi.model;

import java.util.List;

/**
 * A complete (non-streamed, or folded) assistant answer.
 *
 * @param id           message id ({@code msg_...}); the kernel may replace it with its own
 * @param model        the model name to echo to the client
 * @param content      blocks in order; never contains empty text blocks
 * @param stopReason   why generation stopped
 * @param stopSequence the matched stop sequence, or null
 * @param usage        token usage
 */
public record ChatResponse(String id, String model, List<ContentBlock> content, StopReason stopReason,
                           String stopSequence, Usage usage) {
    public ChatResponse {
        content = List.copyOf(content);
        usage = usage == null ? Usage.ZERO : usage;
        stopReason = stopReason == null ? StopReason.END_TURN : stopReason;
    }

    public ChatResponse withModel(String m) {
        return new ChatResponse(id, m, content, stopReason, stopSequence, usage);
    }

    /** All text blocks joined without a separator. */
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
