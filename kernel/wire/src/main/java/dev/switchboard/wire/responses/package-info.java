/**
 * OpenAI Responses toward an upstream (for example Factory's {@code openai} family):
 * {@link dev.switchboard.wire.responses.ResponsesRequestWriter} (canonical → request body, shaped by
 * {@link dev.switchboard.wire.responses.ResponsesUpstreamOptions}),
 * {@link dev.switchboard.wire.responses.ResponsesStreamDecoder} (SSE → canonical events, and unary bodies) and
 * {@link dev.switchboard.wire.responses.ResponsesResponseReader} (response object → canonical).
 * {@code ResponsesStatus} and {@code ResponsesReasoning} hold the status and reasoning-effort mappings both
 * directions use (the kernel's Responses client dialect writes them back).
 *
 * <p>The gateway is stateless: it always asks for {@code store:false}. Static codecs are thread-safe; the stream
 * decoder is a per-response object and is not.
 */
package dev.switchboard.wire.responses;
