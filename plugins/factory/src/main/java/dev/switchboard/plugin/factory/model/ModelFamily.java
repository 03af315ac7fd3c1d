package dev.switchboard.plugin.factory.model;

import java.util.Locale;

/**
 * Factory's four LLM endpoint families: a model's {@code type} decides which path,
 * wire format and default {@code x-api-provider} its requests use. Immutable.
 */
public enum ModelFamily {
    /** Anthropic Messages at {@code /api/llm/a/v1/messages}. */
    ANTHROPIC("anthropic", "/api/llm/a/v1/messages", "anthropic"),
    /** OpenAI Responses at {@code /api/llm/o/v1/responses}. */
    OPENAI("openai", "/api/llm/o/v1/responses", "openai"),
    /** OpenAI chat completions at {@code /api/llm/o/v1/chat/completions} (GLM, Kimi). */
    COMMON("common", "/api/llm/o/v1/chat/completions", "baseten"),
    /** Gemini {@code generateContent} bodies at {@code /api/llm/g/v1/generate}. */
    GOOGLE("google", "/api/llm/g/v1/generate", "google");

    private final String wire;
    private final String defaultPath;
    private final String defaultProvider;

    ModelFamily(String wire, String defaultPath, String defaultProvider) {
        this.wire = wire;
        this.defaultPath = defaultPath;
        this.defaultProvider = defaultProvider;
    }

    /** The name used in YAML ({@code type: anthropic}) and in {@code owned_by}. */
    public String wire() {
        return wire;
    }

    /** The fixed upstream path, overridable per family in {@code endpoints:}. */
    public String defaultPath() {
        return defaultPath;
    }

    /**
     * The {@code x-api-provider} sent when a model names none. droid2api sent the string {@code "null"};
     * Factory routes on it, so each family has a real default instead.
     */
    public String defaultProvider() {
        return defaultProvider;
    }

    /** Parses a YAML {@code type}; null when unknown. */
    public static ModelFamily fromWire(String s) {
        if (s == null) {
            return null;
        }
        String v = s.trim().toLowerCase(Locale.ROOT);
        for (ModelFamily f : values()) {
            if (f.wire.equals(v)) {
                return f;
            }
        }
        return null;
    }
}
