/**
 * OpenAI Responses clients ({@code POST /v1/responses}):
 * {@link dev.switchboard.kernel.dialect.responses.ResponsesRequestReader} (request → canonical, plus
 * {@link dev.switchboard.kernel.dialect.responses.ResponsesWriterOptions}),
 * {@link dev.switchboard.kernel.dialect.responses.ResponsesResponseWriter} (unary answer) and
 * {@link dev.switchboard.kernel.dialect.responses.ResponsesStreamWriter} (canonical events → Responses SSE).
 *
 * <p>The gateway is stateless: it always answers {@code store:false} and rejects features that need stored
 * responses. Static codecs are thread-safe; the stream writer is a per-response object and is not.
 */
package dev.switchboard.kernel.dialect.responses;
