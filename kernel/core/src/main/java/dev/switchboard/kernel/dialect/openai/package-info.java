/**
 * OpenAI Chat Completions clients: {@link dev.switchboard.kernel.dialect.openai.OpenAiChatRequestReader} (client
 * JSON → canonical), {@link dev.switchboard.kernel.dialect.openai.OpenAiChatResponseWriter} (canonical →
 * {@code chat.completion}) and {@link dev.switchboard.kernel.dialect.openai.OpenAiChatStreamWriter} (canonical
 * events → chunks). Readers and writers of unary answers are thread-safe; the stream writer is a per-response
 * object used by one thread.
 */
package dev.switchboard.kernel.dialect.openai;
