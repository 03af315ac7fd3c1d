/**
 * Anthropic Messages wire codecs, both sides of the gateway (decision 9: one implementation shared by
 * the kernel and every plugin).
 *
 * <p>Client side (kernel): {@link dev.switchboard.spi.wire.anthropic.AnthropicRequestReader} (client JSON →
 * canonical request), {@link dev.switchboard.spi.wire.anthropic.AnthropicResponseWriter} (unary answer) and
 * {@link dev.switchboard.spi.wire.anthropic.AnthropicStreamWriter} (canonical events → SSE).
 * Upstream side (plugins with an Anthropic-speaking upstream):
 * {@link dev.switchboard.spi.wire.anthropic.AnthropicRequestWriter} (canonical → upstream JSON, with
 * {@link dev.switchboard.spi.wire.anthropic.SystemReminders} for upstreams without per-turn control and
 * {@link dev.switchboard.spi.wire.anthropic.AnthropicBetas} for the {@code anthropic-beta} header) and
 * {@link dev.switchboard.spi.wire.anthropic.AnthropicStreamDecoder} (upstream SSE or JSON → canonical).
 *
 * <p>Because the canonical model is Anthropic-shaped, reading then writing is close to identity: unknown
 * top-level fields and block types are kept verbatim. Readers and writers are stateless; the stream writer
 * and decoder are per-response objects and are not thread-safe.
 */
package dev.switchboard.spi.wire.anthropic;
