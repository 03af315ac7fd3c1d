package dev.switchboard.plugin.factory.model;

import dev.switchboard.spi.model.SignatureOrigin;
import java.util.Objects;

/**
 * One row of the model table ({@code models:} in YAML).
 *
 * @param id           the upstream model id, sent unchanged (also {@code -fast} ids)
 * @param type         the endpoint family
 * @param reasoning    the reasoning level applied to every request for this model
 * @param provider     the {@code x-api-provider} value (never null: defaults per family)
 * @param fast         fast mode: the fast-mode beta for anthropic, {@code service_tier:"priority"} for openai
 * @param systemPrompt null to use the instance's {@code system-prompt}; {@code ""} to inject none; any other
 *                     text replaces the instance prompt for this model
 */
public record ModelEntry(String id, ModelFamily type, ReasoningLevel reasoning, String provider, boolean fast,
                         String systemPrompt) {
    public ModelEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        reasoning = reasoning == null ? ReasoningLevel.OFF : reasoning;
        provider = provider == null || provider.isBlank() ? type.defaultProvider() : provider;
    }

    /** A row with the family's default provider, no fast mode and the instance's system prompt. */
    public static ModelEntry of(String id, ModelFamily type, ReasoningLevel reasoning) {
        return new ModelEntry(id, type, reasoning, null, false, null);
    }

    /**
     * Who issues this model's thinking signatures: Anthropic for Anthropic's models and OpenAI for OpenAI's (Factory
     * relays those APIs), a Factory-specific family for another provider behind the same endpoint (a model served
     * by fireworks on the Anthropic endpoint signs its own), none for families without signatures.
     */
    public SignatureOrigin signatureOrigin() {
        return switch (type) {
            case ANTHROPIC -> provider.equals("anthropic") ? SignatureOrigin.ANTHROPIC
                    : new SignatureOrigin(providerFamily(), SignatureOrigin.THINKING_SIGNATURE);
            case OPENAI -> provider.equals("openai") ? SignatureOrigin.OPENAI
                    : new SignatureOrigin(providerFamily(), SignatureOrigin.ENCRYPTED_REASONING);
            default -> null;
        };
    }

    private String providerFamily() {
        String p = provider.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        return "factory-" + (p.length() > 50 ? p.substring(0, 50) : p);
    }

    /** The prompt to inject for this model given the instance's prompt; empty for none. */
    public String effectiveSystemPrompt(String instancePrompt) {
        if (systemPrompt != null) {
            return systemPrompt;
        }
        return instancePrompt == null ? "" : instancePrompt;
    }
}
