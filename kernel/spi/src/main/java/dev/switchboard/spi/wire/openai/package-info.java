/**
 * OpenAI Chat Completions wire codecs, shared by the kernel (OpenAI Chat clients) and the plugins that
 * talk to OpenAI-compatible upstreams (decision 9).
 *
 * <p>Client side: {@link dev.switchboard.spi.wire.openai.OpenAiChatRequestReader} (client JSON →
 * canonical), {@link dev.switchboard.spi.wire.openai.OpenAiChatResponseWriter} (canonical → {@code
 * chat.completion}) and {@link dev.switchboard.spi.wire.openai.OpenAiChatStreamWriter} (canonical events →
 * chunks, SM-2). Upstream side: {@link dev.switchboard.spi.wire.openai.OpenAiChatRequestWriter}
 * (canonical → upstream JSON, shaped by an {@link dev.switchboard.spi.wire.openai.OpenAiChatProfile}) and
 * {@link dev.switchboard.spi.wire.openai.OpenAiChatStreamDecoder} (chunks → canonical events, SM-1).
 * {@link dev.switchboard.spi.wire.openai.OpenAiFinishReasons} and
 * {@link dev.switchboard.spi.wire.openai.OpenAiUsage} hold the mappings every codec of the family reuses.
 *
 * <p>Readers, writers and stateless helpers are thread-safe; stream writers and decoders are per-response
 * objects used by one thread.
 */
package dev.switchboard.spi.wire.openai;
