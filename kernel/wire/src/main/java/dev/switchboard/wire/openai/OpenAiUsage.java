package dev.switchboard.wire.openai;

import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.Usage;
import dev.switchboard.spi.model.UsageSource;
import jakarta.json.JsonObject;

/**
 * Usage arithmetic between OpenAI Chat and the canonical (Anthropic) model.
 * OpenAI's {@code prompt_tokens} includes cached tokens; canonical {@code input_tokens} excludes both
 * cache figures. Stateless and thread-safe.
 */
public final class OpenAiUsage {
    private OpenAiUsage() {
    }

    /**
     * The raw OpenAI figures of one or more usage reports. Streams merge these (per-field maximum, since
     * reports are cumulative) and convert once at the end: converting each report first and merging the
     * canonical figures would mix an uncached prompt of one report with the cache split of another.
     *
     * @param promptTokens     {@code prompt_tokens} (includes the cache figures)
     * @param completionTokens {@code completion_tokens}
     * @param cacheRead        tokens read from the prompt cache
     * @param cacheCreation    tokens written to the prompt cache
     */
    public record Raw(long promptTokens, long completionTokens, long cacheRead, long cacheCreation) {
        public static final Raw ZERO = new Raw(0, 0, 0, 0);

        /** Per-field maximum. */
        public Raw merge(Raw o) {
            return o == null ? this : new Raw(Math.max(promptTokens, o.promptTokens),
                    Math.max(completionTokens, o.completionTokens), Math.max(cacheRead, o.cacheRead),
                    Math.max(cacheCreation, o.cacheCreation));
        }

        /** Canonical usage: {@code input = max(0, prompt − read − creation)}, {@code output = completion}. */
        public Usage toUsage() {
            return new Usage(Math.max(0, promptTokens - cacheRead - cacheCreation), completionTokens, cacheCreation,
                    cacheRead, UsageSource.UPSTREAM);
        }
    }

    /**
     * Reads an OpenAI {@code usage} object: {@code read = cache_read_input_tokens ??
     * prompt_tokens_details.cached_tokens ?? prompt_cache_hit_tokens (DeepSeek) ?? 0}, {@code creation =
     * cache_creation_input_tokens ?? prompt_tokens_details.cache_write_tokens ?? 0}. Null → zeros.
     */
    public static Raw readRaw(JsonObject usage) {
        if (usage == null) {
            return Raw.ZERO;
        }
        JsonObject details = Jsons.obj(usage, "prompt_tokens_details");
        Long read = Jsons.lng(usage, "cache_read_input_tokens");
        if (read == null) {
            read = Jsons.lng(details, "cached_tokens");
        }
        if (read == null) {
            read = Jsons.lng(usage, "prompt_cache_hit_tokens");
        }
        Long creation = Jsons.lng(usage, "cache_creation_input_tokens");
        if (creation == null) {
            creation = Jsons.lng(details, "cache_write_tokens");
        }
        return new Raw(Math.max(0, Jsons.lng(usage, "prompt_tokens", 0)), Math.max(0, Jsons.lng(usage, "completion_tokens", 0)),
                read == null ? 0 : Math.max(0, read), creation == null ? 0 : Math.max(0, creation));
    }

    /** OpenAI {@code usage} → canonical usage. Null → zeros. */
    public static Usage fromOpenAi(JsonObject usage) {
        return readRaw(usage).toUsage();
    }

    /**
     * Canonical → OpenAI {@code usage}: {@code prompt = input + read + creation}, {@code total = prompt +
     * completion}, {@code prompt_tokens_details.cached_tokens = read}.
     */
    public static JsonObject toOpenAi(Usage u) {
        Usage usage = u == null ? Usage.ZERO : u;
        long prompt = usage.promptTokens();
        return Jsons.objectBuilder()
                .add("prompt_tokens", prompt)
                .add("completion_tokens", usage.outputTokens())
                .add("total_tokens", prompt + usage.outputTokens())
                .add("prompt_tokens_details", Jsons.objectBuilder().add("cached_tokens", usage.cacheReadInputTokens()))
                .build();
    }
}
