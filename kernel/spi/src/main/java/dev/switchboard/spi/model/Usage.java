package dev.switchboard.spi.model;

/**
 * Token usage in Anthropic's arithmetic: {@code inputTokens} excludes the cache figures (OpenAI's
 * {@code prompt_tokens} includes them; the codecs convert).
 *
 * @param inputTokens              uncached input tokens
 * @param outputTokens             generated tokens
 * @param cacheCreationInputTokens tokens written to the prompt cache
 * @param cacheReadInputTokens     tokens read from the prompt cache
 * @param source                   upstream figures or gateway estimates
 * @param credits                  billing units the upstream metered for this response in its own unit (Kiro's
 *                                 credits); 0 when the upstream meters none. Always an upstream figure, never an
 *                                 estimate, whatever {@code source} says about the tokens.
 */
public record Usage(long inputTokens, long outputTokens, long cacheCreationInputTokens, long cacheReadInputTokens,
                    UsageSource source, double credits) {

    public static final Usage ZERO = new Usage(0, 0, 0, 0, UsageSource.UPSTREAM);

    public Usage {
        source = source == null ? UsageSource.UPSTREAM : source;
        if (!(credits >= 0) || Double.isInfinite(credits)) {
            throw new IllegalArgumentException("credits must be a finite number >= 0, got " + credits);
        }
    }

    /** Token figures without metered credits (every upstream but Kiro). */
    public Usage(long inputTokens, long outputTokens, long cacheCreationInputTokens, long cacheReadInputTokens,
                 UsageSource source) {
        this(inputTokens, outputTokens, cacheCreationInputTokens, cacheReadInputTokens, source, 0);
    }

    public static Usage of(long input, long output) {
        return new Usage(input, output, 0, 0, UsageSource.UPSTREAM);
    }

    /** OpenAI-style prompt total: input plus both cache figures. */
    public long promptTokens() {
        return inputTokens + cacheCreationInputTokens + cacheReadInputTokens;
    }

    /** Per-field maximum: later stream reports are cumulative, and a missing field must not erase an earlier one. */
    public Usage merge(Usage other) {
        if (other == null) {
            return this;
        }
        UsageSource src = source == UsageSource.ESTIMATED && other.source == UsageSource.ESTIMATED
                ? UsageSource.ESTIMATED : (other.source == UsageSource.UPSTREAM || source == UsageSource.UPSTREAM
                ? UsageSource.UPSTREAM : UsageSource.ESTIMATED);
        return new Usage(Math.max(inputTokens, other.inputTokens), Math.max(outputTokens, other.outputTokens),
                Math.max(cacheCreationInputTokens, other.cacheCreationInputTokens),
                Math.max(cacheReadInputTokens, other.cacheReadInputTokens), src, Math.max(credits, other.credits));
    }

    public Usage withSource(UsageSource s) {
        return new Usage(inputTokens, outputTokens, cacheCreationInputTokens, cacheReadInputTokens, s, credits);
    }

    /** The same token figures with the credits the upstream metered. */
    public Usage withCredits(double metered) {
        return new Usage(inputTokens, outputTokens, cacheCreationInputTokens, cacheReadInputTokens, source, metered);
    }
}
