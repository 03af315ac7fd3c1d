/**
 * The three client APIs the gateway serves — Anthropic Messages, OpenAI Chat Completions, OpenAI Responses —
 * as {@code ClientDialect}s over the client-side codecs in the sub-packages: request readers (client JSON →
 * canonical request), unary response writers and stream writers (canonical events → the client's SSE), the
 * {@link dev.switchboard.kernel.dialect.SseWriter} they write through, and the client error shapes
 * ({@link dev.switchboard.kernel.dialect.ClientErrors}). Only the kernel uses them, so they live here rather
 * than in the plugins' wire library; they reuse that library's shared mappings (ids, usage, blocks, thinking
 * signatures) so both directions of a dialect agree.
 */
package dev.switchboard.kernel.dialect;
