/**
 * The {@code openai-compat} provider plugin: Anthropic and OpenAI clients on any OpenAI-compatible chat backend.
 *
 * <p>Conversion itself is the wire library's OpenAI chat codecs ({@code dev.switchboard.wire.openai}, bundled in
 * the plugin zip); this package adds what is specific to the plugin: {@link dev.switchboard.plugin.openaicompat.Profiles} (the
 * shipped backend profiles, kept as data in {@code profiles.json}) and their flags, {@code CompatSettings} (the
 * instance's YAML), {@code ModelMap} and {@code OutputTokenLimits}, {@code PassThroughPolicy} (relaying OpenAI-chat
 * clients when nothing needs rewriting), {@code OpenAiCompatErrorClassifier} and the health probe. Schema cleaning
 * lives in {@link dev.switchboard.plugin.openaicompat.schema}.
 */
package dev.switchboard.plugin.openaicompat;
