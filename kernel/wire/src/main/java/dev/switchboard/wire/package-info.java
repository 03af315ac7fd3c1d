/**
 * The wire library: the upstream wire codecs provider plugins use — SSE, Anthropic Messages, OpenAI Chat
 * Completions and OpenAI Responses requests, answers and their stream state machines — and the few helpers
 * both sides of the gateway share (ids, thinking-signature provenance, upstream error text, the status-based
 * error classifier).
 *
 * <p><b>A library, not an API.</b> Every plugin zip bundles its own copy of this jar in {@code lib/}, and the
 * plugin's class loader loads it from there (the kernel's copy is never visible to a plugin). So a codec fix
 * never changes the plugin API: a plugin picks it up when it is rebuilt, at its own pace, and two plugins built
 * against different versions of this library run side by side. The price is a few hundred KB per zip. Only the
 * SPI ({@code dev.switchboard.spi}) is a versioned contract between the kernel and a plugin; nothing of this
 * library may appear in an SPI signature. The kernel's plugin class loader does not share
 * {@code dev.switchboard.wire} (a plugin without the jar in its {@code lib/} cannot load these classes), and
 * {@code plugins/pom.xml} forbids depending on this library with {@code provided} scope, so it is always packed. The kernel uses the same library for the helpers its client dialects
 * share with the upstream codecs; the client-side codecs themselves live in the kernel
 * ({@code dev.switchboard.kernel.dialect}).
 *
 * <p>Naming: {@code XRequestWriter} (canonical → upstream request), {@code XStreamDecoder} (upstream SSE →
 * canonical events, a {@link dev.switchboard.spi.ResponseDecoder}), {@code XResponseReader} (unary upstream
 * answer → canonical). Writers and decoders of one request are single-threaded objects; static helpers are
 * stateless. Tests that also need the kernel's client codecs (round trips) live in {@code kernel/core}'s tests
 * under the same package names.
 */
package dev.switchboard.wire;
