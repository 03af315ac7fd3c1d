package dev.switchboard.kernel.dispatch;

import dev.switchboard.kernel.dialect.SseWriter;
import dev.switchboard.kernel.dialect.StreamEncoder;
import dev.switchboard.spi.Dialect;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.HttpHeaders;
import dev.switchboard.spi.model.ChatResponse;
import jakarta.json.JsonObject;

/**
 * One client API (Anthropic Messages, OpenAI Chat, OpenAI Responses) on top of its client-side codecs.
 * Stateless and thread-safe; per-response state lives in the encoders it creates.
 */
public interface ClientDialect {

    Dialect id();

    /** Reads and validates a request body; malformed input gives a 400 naming the field. */
    ParsedRequest read(JsonObject body, HttpHeaders headers) throws GatewayException;

    /** A fresh id for a response ({@code msg_…}, {@code chatcmpl-…}, {@code resp_…}). */
    String newResponseId();

    /** The unary response body. */
    JsonObject unary(ChatResponse response, ParsedRequest request, String responseId);

    /** A stream encoder for one response. */
    StreamEncoder encoder(SseWriter out, ParsedRequest request, String responseId);
}
