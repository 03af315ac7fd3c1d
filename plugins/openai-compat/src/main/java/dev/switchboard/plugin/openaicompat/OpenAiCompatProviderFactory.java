package dev.switchboard.plugin.openaicompat;

import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.Provider;
import dev.switchboard.spi.ProviderContext;
import dev.switchboard.spi.ProviderDescriptor;
import dev.switchboard.spi.ProviderFactory;
import java.util.Set;
import org.pf4j.Extension;

/**
 * The {@code openai-compat} extension: provider instances for any OpenAI-compatible chat backend (OpenAI, Azure,
 * Gemini's OpenAI endpoint, DeepSeek, Groq, vLLM, Ollama, ...). The descriptor lists the plugin's YAML keys
 * ({@link CompatSettings#keys()}: {@code base-url}, {@code profile} and its flags, {@code extra-headers},
 * {@code models}, {@code model-map}, the health probe) and the account key {@code api-key}; the kernel owns
 * pooling, retries, timeouts and proxies. Stateless and thread-safe.
 */
@Extension
public class OpenAiCompatProviderFactory implements ProviderFactory {
    public static final String PLUGIN_ID = "openai-compat";

    private final Profiles profiles = Profiles.shipped();

    @Override
    public ProviderDescriptor descriptor() {
        // extra-headers may carry an organisation or gateway token: masked like a secret in /admin/config.
        return new ProviderDescriptor(PLUGIN_ID, "any OpenAI-compatible chat completions backend",
                CompatSettings.keys(), Set.of(CompatSettings.EXTRA_HEADERS), Set.of(CompatSettings.API_KEY),
                Set.of(CompatSettings.API_KEY));
    }

    @Override
    public Provider create(ProviderContext context) throws ConfigException {
        CompatSettings settings = CompatSettings.read(context.config(), profiles);
        context.logger().info(() -> context.instanceId() + ": " + settings.baseUrl() + ", "
                + ProfileFlag.describe(settings.profile()));
        return new OpenAiCompatProvider(context, settings);
    }
}
