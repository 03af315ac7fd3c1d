/**
 * The canonical stream grammar and the helpers that fold and unfold it.
 *
 * <p>The grammar is Anthropic's block grammar, because that is the richest of the client dialects:
 * <pre>
 * stream := MessageStart block* MessageDelta MessageStop
 *         | MessageStart block* StreamError          (open block stopped first)
 * block  := BlockStart(i) BlockDelta(i)* BlockStop(i)   i = 0, 1, 2, ... ; blocks never overlap
 * </pre>
 * Decoders (wire → events) and writers (events → wire) are per-request objects holding their state in
 * named fields; none of them is thread-safe, and none needs to be: one request, one virtual thread.
 *
 * <p>{@link dev.switchboard.spi.stream.StreamGuard} sits between a plugin's decoder and the client writer
 * and repairs (and reports) any deviation from this grammar.
 */
package dev.switchboard.spi.stream;
