package dev.switchboard.spi;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.Message;
import dev.switchboard.spi.model.Tool;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Estimates token counts with a BPE tokenizer (jtokkit's {@code o200k_base}, the encoding of current
 * OpenAI models; Anthropic publishes no tokenizer, and o200k tracks Claude's counts more closely than a
 * characters/4 rule). Used by {@code count_tokens} and by plugins whose upstream reports no usage; every
 * figure it produces is an estimate and must be labelled so (header {@code x-gateway-token-count: estimated},
 * usage source {@code estimated}).
 *
 * <p>Thread-safe. Tool definitions are counted once and cached: Claude Code sends the same 12 tools on
 * each of the ~27 {@code count_tokens} calls of a {@code /context}.
 */
public final class TokenCounter {
    /** Per-message framing overhead (role and separators), as OpenAI documents for chat formats. */
    static final int PER_MESSAGE_OVERHEAD = 4;
    /** A flat figure for an image: its real cost depends on its pixels, which the gateway does not decode. */
    static final int PER_IMAGE = 1600;
    /** Per-tool framing overhead. */
    static final int PER_TOOL_OVERHEAD = 8;
    private static final int TOOL_CACHE_LIMIT = 4096;

    private static final TokenCounter SHARED = new TokenCounter();

    private final Encoding encoding;
    private final ConcurrentHashMap<String, Integer> toolCache = new ConcurrentHashMap<>();

    private TokenCounter() {
        this.encoding = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    }

    /** The process-wide counter (the encoding tables are large; load them once). */
    public static TokenCounter shared() {
        return SHARED;
    }

    /** Tokens in a piece of text (special-token markers counted as ordinary text). */
    public int count(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        return encoding.countTokensOrdinary(text);
    }

    /** Input tokens of a request: system, every message, and every tool definition. */
    public int countRequest(ChatRequest request) {
        int total = 0;
        for (ContentBlock.Text t : request.system()) {
            total += count(t.text());
        }
        if (!request.system().isEmpty()) {
            total += PER_MESSAGE_OVERHEAD;
        }
        for (Message m : request.messages()) {
            total += PER_MESSAGE_OVERHEAD + countBlocks(m.content());
        }
        for (Tool tool : request.tools()) {
            total += countTool(tool);
        }
        return total;
    }

    /** Tokens of content blocks (text, reasoning, tool input, tool results, images at a flat rate). */
    public int countBlocks(List<ContentBlock> blocks) {
        int total = 0;
        for (ContentBlock b : blocks) {
            total += switch (b) {
                case ContentBlock.Text t -> count(t.text());
                case ContentBlock.Thinking t -> count(t.thinking());
                case ContentBlock.RedactedThinking r -> count(r.data()) / 4;
                case ContentBlock.ToolUse u -> count(u.name()) + count(u.input().toString());
                case ContentBlock.ToolResult r -> PER_MESSAGE_OVERHEAD + countBlocks(r.content());
                case ContentBlock.Image i -> PER_IMAGE;
                case ContentBlock.Document d -> d.source().kind() == dev.switchboard.spi.model.MediaSource.Kind.TEXT
                        ? count(d.source().data()) : PER_IMAGE;
                case ContentBlock.Opaque o -> count(o.raw().toString());
            };
        }
        return total;
    }

    /** Tokens of one tool definition (name, description, schema JSON), cached. */
    public int countTool(Tool tool) {
        String key = tool.name() + '\u0000' + (tool.description() == null ? "" : tool.description()) + '\u0000'
                + tool.inputSchema();
        Integer cached = toolCache.get(key);
        if (cached != null) {
            return cached;
        }
        int n = PER_TOOL_OVERHEAD + count(tool.name()) + count(tool.description()) + count(tool.inputSchema().toString());
        if (toolCache.size() >= TOOL_CACHE_LIMIT) {
            toolCache.clear();
        }
        toolCache.put(key, n);
        return n;
    }
}
