package dev.switchboard.kernel.dialect;

import dev.switchboard.kernel.dialect.SseWriter;
import dev.switchboard.kernel.dialect.StreamEncoder;
import dev.switchboard.kernel.dialect.anthropic.AnthropicRequestReader;
import dev.switchboard.kernel.dialect.anthropic.AnthropicResponseWriter;
import dev.switchboard.kernel.dialect.anthropic.AnthropicStreamWriter;
import dev.switchboard.kernel.dispatch.ClientDialect;
import dev.switchboard.kernel.dispatch.ParsedRequest;
import dev.switchboard.spi.Dialect;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.HttpHeaders;
import dev.switchboard.spi.model.ChatResponse;
import dev.switchboard.wire.WireIds;
import jakarta.json.JsonObject;

/** Anthropic Messages ({@code POST /v1/messages}). Stateless. */
public final class AnthropicDialect implements ClientDialect {

    @Override
    public Dialect id() {
        return Dialect.ANTHROPIC;
    }

    @Override
    public ParsedRequest read(JsonObject body, HttpHeaders headers) throws GatewayException {
        return ParsedRequest.of(AnthropicRequestReader.readMessages(body, headers));
    }

    @Override
    public String newResponseId() {
        return WireIds.messageId();
    }

    @Override
    public JsonObject unary(ChatResponse response, ParsedRequest request, String responseId) {
        return AnthropicResponseWriter.write(response, responseId, request.request().model());
    }

    @Override
    public StreamEncoder encoder(SseWriter out, ParsedRequest request, String responseId) {
        return new AnthropicStreamWriter(out, responseId, request.request().model());
    }
}
