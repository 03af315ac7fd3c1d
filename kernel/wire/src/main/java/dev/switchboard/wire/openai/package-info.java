/**
 * OpenAI Chat Completions toward an upstream: {@link dev.switchboard.wire.openai.OpenAiChatRequestWriter}
 * (canonical → upstream JSON, shaped by an {@link dev.switchboard.wire.openai.OpenAiChatProfile}),
 * {@link dev.switchboard.wire.openai.OpenAiChatStreamDecoder} (chunks → canonical events) and
 * {@link dev.switchboard.wire.openai.OpenAiChatResponseReader} (unary answer → canonical).
 * {@link dev.switchboard.wire.openai.OpenAiFinishReasons} and {@link dev.switchboard.wire.openai.OpenAiUsage}
 * hold the mappings both directions use (the kernel's OpenAI Chat client dialect writes them back).
 *
 * <p>Writers and stateless helpers are thread-safe; stream decoders are per-response objects used by one
 * thread.
 */
package dev.switchboard.wire.openai;
