package dev.switchboard.wire.anthropic;

import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.Usage;
import dev.switchboard.spi.model.UsageSource;
import jakarta.json.JsonObject;

/**
 * Anthropic {@code usage} objects both ways. Clients always get both cache fields and the
 * {@code cache_creation} split: Claude Code treats a missing field as "no caching".
 * Stateless.
 */
public final class AnthropicUsageJson {
    private AnthropicUsageJson() {
    }

    /**
     * The usage of a message ({@code message_start.message.usage}, unary responses). The canonical usage
     * does not carry the 5m/1h split of cache writes, so all of it is reported under the 5-minute TTL, the
     * default, keeping the split's sum equal to {@code cache_creation_input_tokens}.
     */
    public static JsonObject message(Usage u) {
        return Jsons.objectBuilder()
                .add("input_tokens", u.inputTokens())
                .add("output_tokens", u.outputTokens())
                .add("cache_creation_input_tokens", u.cacheCreationInputTokens())
                .add("cache_read_input_tokens", u.cacheReadInputTokens())
                .add("cache_creation", Jsons.objectBuilder()
                        .add("ephemeral_5m_input_tokens", u.cacheCreationInputTokens())
                        .add("ephemeral_1h_input_tokens", 0))
                .build();
    }

    /** The usage of a {@code message_delta}: cumulative output plus the input figures. */
    public static JsonObject delta(Usage u) {
        return Jsons.objectBuilder()
                .add("output_tokens", u.outputTokens())
                .add("input_tokens", u.inputTokens())
                .add("cache_read_input_tokens", u.cacheReadInputTokens())
                .add("cache_creation_input_tokens", u.cacheCreationInputTokens())
                .build();
    }

    /** Parses an upstream usage object; missing or null fields count as 0. */
    static Usage parse(JsonObject u) {
        if (u == null) {
            return Usage.ZERO;
        }
        return new Usage(nonNegative(u, "input_tokens"), nonNegative(u, "output_tokens"),
                nonNegative(u, "cache_creation_input_tokens"), nonNegative(u, "cache_read_input_tokens"),
                UsageSource.UPSTREAM);
    }

    private static long nonNegative(JsonObject u, String key) {
        return Math.max(0, Jsons.lng(u, key, 0));
    }
}
