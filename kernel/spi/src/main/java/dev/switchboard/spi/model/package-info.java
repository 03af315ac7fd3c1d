/**
 * The canonical model: one Anthropic-shaped representation of a chat request and its answer that
 * every client dialect reads into and every provider plugin translates from.
 *
 * <p>Why Anthropic-shaped: it is the richest of the three client APIs (content blocks, thinking
 * with signatures, tool results with {@code is_error}, cache control), so OpenAI ⇄ canonical loses
 * nothing that matters and Anthropic ⇄ canonical is close to identity. Unknown request fields ride
 * along in {@link dev.switchboard.spi.model.ChatRequest#extensions()} instead of being dropped.
 *
 * <p>All types here are immutable records; they are safe to share between threads and to reuse
 * across retries (translation re-reads the original request on every attempt).
 */
package dev.switchboard.spi.model;
