/**
 * Anthropic Messages clients: {@link dev.switchboard.kernel.dialect.anthropic.AnthropicRequestReader} (client
 * JSON → canonical request), {@link dev.switchboard.kernel.dialect.anthropic.AnthropicResponseWriter} (unary
 * answer) and {@link dev.switchboard.kernel.dialect.anthropic.AnthropicStreamWriter} (canonical events → SSE).
 * The reader is stateless; the stream writer is a per-response object and is not thread-safe.
 */
package dev.switchboard.kernel.dialect.anthropic;
