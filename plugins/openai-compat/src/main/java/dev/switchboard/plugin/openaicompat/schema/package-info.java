/**
 * JSON-schema cleaning for strict backends: the {@code gemini} allow-list rewrite and the
 * {@code openai-strict} closing of objects, plugged into the shared request writer's schema hook through
 * {@link dev.switchboard.plugin.openaicompat.schema.SchemaCleaner}, which caches results by schema hash.
 */
package dev.switchboard.plugin.openaicompat.schema;
