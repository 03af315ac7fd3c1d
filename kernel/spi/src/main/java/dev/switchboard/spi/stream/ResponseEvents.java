package dev.switchboard.spi.stream;

import dev.switchboard.spi.model.ChatResponse;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.Usage;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;

/**
 * Unfolds a complete {@link ChatResponse} into the canonical event grammar, for streaming clients of
 * upstreams that answered unary. Stateless.
 */
public final class ResponseEvents {
    private ResponseEvents() {
    }

    public static List<StreamEvent> unfold(ChatResponse r) {
        List<StreamEvent> out = new ArrayList<>();
        Usage u = r.usage();
        out.add(new StreamEvent.MessageStart(r.id(), r.model(),
                new Usage(u.inputTokens(), 0, u.cacheCreationInputTokens(), u.cacheReadInputTokens(), u.source())));
        int index = 0;
        for (ContentBlock b : r.content()) {
            switch (b) {
                case ContentBlock.Text t -> {
                    if (t.text().isEmpty()) {
                        continue;
                    }
                    out.add(new StreamEvent.BlockStart(index, new ContentBlock.Text("", t.cacheControl(), null)));
                    out.add(new StreamEvent.BlockDelta(index, new Delta.TextDelta(t.text())));
                }
                case ContentBlock.Thinking t -> {
                    out.add(new StreamEvent.BlockStart(index, new ContentBlock.Thinking("", "")));
                    if (!t.thinking().isEmpty()) {
                        out.add(new StreamEvent.BlockDelta(index, new Delta.ThinkingDelta(t.thinking())));
                    }
                    out.add(new StreamEvent.BlockDelta(index, new Delta.SignatureDelta(t.signature(), t.origin())));
                }
                case ContentBlock.ToolUse tu -> {
                    out.add(new StreamEvent.BlockStart(index,
                            new ContentBlock.ToolUse(tu.id(), tu.name(), JsonValue.EMPTY_JSON_OBJECT)));
                    out.add(new StreamEvent.BlockDelta(index, new Delta.InputJsonDelta(tu.input().toString())));
                }
                default -> out.add(new StreamEvent.BlockStart(index, b));
            }
            out.add(new StreamEvent.BlockStop(index));
            index++;
        }
        out.add(new StreamEvent.MessageDelta(r.stopReason(), r.stopSequence(), u));
        out.add(new StreamEvent.MessageStop());
        return out;
    }
}
