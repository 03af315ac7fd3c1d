package dev.switchboard.spi;

/** The wire dialects the gateway speaks, to clients and to upstreams. */
public enum Dialect {
    /** Anthropic Messages ({@code /v1/messages}). */
    ANTHROPIC,
    /** OpenAI Chat Completions ({@code /v1/chat/completions}). */
    OPENAI_CHAT,
    /** OpenAI Responses ({@code /v1/responses}). */
    OPENAI_RESPONSES
}
