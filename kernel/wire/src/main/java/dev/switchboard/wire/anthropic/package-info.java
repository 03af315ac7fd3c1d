/**
 * Anthropic Messages toward an upstream: {@link dev.switchboard.wire.anthropic.AnthropicRequestWriter}
 * (canonical → upstream JSON, with {@link dev.switchboard.wire.SystemReminders} for upstreams without
 * per-turn system control and {@link dev.switchboard.wire.anthropic.AnthropicBetas} for the
 * {@code anthropic-beta} header) and {@link dev.switchboard.wire.anthropic.AnthropicStreamDecoder} (upstream SSE
 * or JSON → canonical). The block and usage mappings ({@code AnthropicBlockReader}, {@code AnthropicBlockWriter},
 * {@code AnthropicUsageJson}, {@code JsonFields}) are public because the kernel's Anthropic client dialect reads
 * and writes the same shapes.
 *
 * <p>Because the canonical model is Anthropic-shaped, reading then writing is close to identity: unknown
 * top-level fields and block types are kept verbatim. Writers are stateless; the stream decoder is a
 * per-response object and is not thread-safe.
 */
package dev.switchboard.wire.anthropic;
