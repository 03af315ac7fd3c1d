/**
 * OpenAI Responses API wire codecs (client-protocols §2.4, §4, §5.4, §5.7; factory-upstream §4.2, §5).
 *
 * <p>Client side (the kernel's {@code POST /v1/responses}): {@link ResponsesRequestReader} (request →
 * canonical, plus {@link ResponsesWriterOptions}), {@link ResponsesResponseWriter} (unary answer) and
 * {@link ResponsesStreamWriter} (SM-3, canonical events → Responses SSE).
 *
 * <p>Upstream side (plugins talking to a Responses server, e.g. Factory's {@code openai} family):
 * {@link ResponsesRequestWriter} (canonical → request body, shaped by {@link ResponsesUpstreamOptions}),
 * {@link ResponsesStreamDecoder} (SSE → canonical events, and unary bodies) and
 * {@link ResponsesResponseReader} (response object → canonical).
 *
 * <p>The gateway is stateless: it always answers {@code store:false} and rejects features that need stored
 * responses. Static codecs are thread-safe; the stream writer and decoder are per-response objects and are
 * not.
 */
package dev.switchboard.spi.wire.responses;
