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
 * <p>One owner per rule: {@link dev.switchboard.spi.stream.StreamBuilder} produces the grammar for every
 * decoder (indices, completions such as a tool call's {@code {}}, the stop reason);
 * {@link dev.switchboard.spi.stream.StreamGuard} sits between a plugin's decoder and the client writer and checks
 * and reports any deviation, repairing it only so that a defective plugin cannot break a client; writers write
 * what they are given.
 */
package dev.switchboard.spi.stream;
