package dev.switchboard.kernel.http;

import dev.switchboard.spi.GatewayException;

/**
 * What a client may send as a model name: 1 to {@value #MAX_LENGTH} characters of ASCII letters, digits and
 * {@code - . _ : / @ +} — enough for Anthropic and OpenAI ids, Ollama tags ({@code qwen3:8b-q4_K_M}), Vertex
 * versions ({@code claude-opus-4@20250514}) and OpenRouter paths ({@code anthropic/claude-3.5-sonnet:beta}).
 * Anything else (spaces, quotes, control characters) is a 400 before the name reaches routing, logs or the usage
 * table, whose columns hold exactly this length. Stateless.
 */
public final class ModelNames {
    public static final int MAX_LENGTH = 256;

    private ModelNames() {
    }

    /** Refuses (400, {@code param: model}) a name outside the rule; the message never echoes the name. */
    public static void check(String model) throws GatewayException {
        if (model == null || model.isEmpty()) {
            throw GatewayException.invalid("model", "model is required");
        }
        if (model.length() > MAX_LENGTH) {
            throw GatewayException.invalid("model", "model names are at most " + MAX_LENGTH + " characters, got "
                    + model.length());
        }
        for (int i = 0; i < model.length(); i++) {
            char c = model.charAt(i);
            if (!allowed(c)) {
                throw GatewayException.invalid("model", "model names may contain only letters, digits and - . _ : / @ +"
                        + " (character " + (i + 1) + " is " + describe(c) + ")");
            }
        }
    }

    private static boolean allowed(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == ':' || c == '/' || c == '@' || c == '+';
    }

    private static String describe(char c) {
        return c >= 0x21 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }
}
