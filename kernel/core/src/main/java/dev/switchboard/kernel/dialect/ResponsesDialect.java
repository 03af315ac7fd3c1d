package dev.switchboard.kernel.dialect;

import dev.switchboard.kernel.dialect.SseWriter;
import dev.switchboard.kernel.dialect.StreamEncoder;
import dev.switchboard.kernel.dialect.responses.ResponsesClientRequest;
import dev.switchboard.kernel.dialect.responses.ResponsesRequestReader;
import dev.switchboard.kernel.dialect.responses.ResponsesResponseWriter;
import dev.switchboard.kernel.dialect.responses.ResponsesStreamWriter;
import dev.switchboard.kernel.dialect.responses.ResponsesWriterOptions;
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
import java.util.List;

/** OpenAI Responses ({@code POST /v1/responses}), stateless ({@code store:false}). */
public final class ResponsesDialect implements ClientDialect {
    private final Clock clock;
    private final EffortBudgets budgets;

    public ResponsesDialect(Clock clock) {
        this(clock, EffortBudgets.DEFAULTS);
    }

    /** @param budgets the thinking budget each {@code reasoning.effort} becomes */
    public ResponsesDialect(Clock clock, EffortBudgets budgets) {
        this.clock = clock;
        this.budgets = budgets;
    }

    @Override
    public Dialect id() {
        return Dialect.OPENAI_RESPONSES;
    }

    @Override
    public ParsedRequest read(JsonObject body, HttpHeaders headers) throws GatewayException {
        ResponsesClientRequest r = ResponsesRequestReader.read(body, budgets);
        return new ParsedRequest(r.chatRequest(), false, r.writerOptions(), List.of());
    }

    @Override
    public String newResponseId() {
        return WireIds.responseId();
    }

    private static ResponsesWriterOptions options(ParsedRequest request) {
        return request.responsesOptions() == null ? ResponsesWriterOptions.DEFAULTS : request.responsesOptions();
    }

    @Override
    public JsonObject unary(ChatResponse response, ParsedRequest request, String responseId) {
        return ResponsesResponseWriter.write(response.withModel(request.request().model()), responseId,
                clock.instant().getEpochSecond(), options(request));
    }

    @Override
    public StreamEncoder encoder(SseWriter out, ParsedRequest request, String responseId) {
        return new ResponsesStreamWriter(out, responseId, clock.instant().getEpochSecond(), request.request().model(),
                options(request));
    }
}
