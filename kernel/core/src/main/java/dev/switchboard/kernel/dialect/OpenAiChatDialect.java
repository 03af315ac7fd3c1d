package dev.switchboard.kernel.dialect;

import dev.switchboard.kernel.dialect.SseWriter;
import dev.switchboard.kernel.dialect.StreamEncoder;
import dev.switchboard.kernel.dialect.openai.OpenAiChatReadResult;
import dev.switchboard.kernel.dialect.openai.OpenAiChatRequestReader;
import dev.switchboard.kernel.dialect.openai.OpenAiChatResponseWriter;
import dev.switchboard.kernel.dialect.openai.OpenAiChatStreamWriter;
import dev.switchboard.kernel.dispatch.ClientDialect;
import dev.switchboard.kernel.dispatch.ParsedRequest;
import dev.switchboard.spi.Dialect;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.HttpHeaders;
import dev.switchboard.spi.model.ChatResponse;
import dev.switchboard.wire.EffortBudgets;
import dev.switchboard.wire.WireIds;
import jakarta.json.JsonObject;
import java.time.Clock;

/**
 * OpenAI Chat Completions ({@code POST /v1/chat/completions}). Thinking is rendered as
 * {@code reasoning_content} (the de-facto extension DeepSeek-style clients read; strict clients ignore it).
 * Stateless.
 */
public final class OpenAiChatDialect implements ClientDialect {
    private final OpenAiChatRequestReader reader;
    private final Clock clock;

    public OpenAiChatDialect(Clock clock) {
        this(clock, EffortBudgets.DEFAULTS);
    }

    /** @param budgets the thinking budget each {@code reasoning_effort} becomes */
    public OpenAiChatDialect(Clock clock, EffortBudgets budgets) {
        this.clock = clock;
        this.reader = new OpenAiChatRequestReader(false, budgets);
    }

    @Override
    public Dialect id() {
        return Dialect.OPENAI_CHAT;
    }

    @Override
    public ParsedRequest read(JsonObject body, HttpHeaders headers) throws GatewayException {
        OpenAiChatReadResult r = reader.read(body);
        return new ParsedRequest(r.request(), r.includeUsage(), null, r.droppedFields());
    }

    @Override
    public String newResponseId() {
        return WireIds.chatCompletionId();
    }

    @Override
    public JsonObject unary(ChatResponse response, ParsedRequest request, String responseId) {
        return new OpenAiChatResponseWriter(true, clock).write(response, request.request().model(), responseId,
                clock.instant().getEpochSecond());
    }

    @Override
    public StreamEncoder encoder(SseWriter out, ParsedRequest request, String responseId) {
        return new OpenAiChatStreamWriter(out, responseId, clock.instant().getEpochSecond(), request.request().model(),
                request.includeUsage(), true);
    }
}
