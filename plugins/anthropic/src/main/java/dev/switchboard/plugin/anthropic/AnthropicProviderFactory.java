package dev.switchboard.plugin.anthropic;

import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.Provider;
import dev.switchboard.spi.ProviderContext;
import dev.switchboard.spi.ProviderDescriptor;
import dev.switchboard.spi.ProviderFactory;
import java.util.Set;
import org.pf4j.Extension;

/**
 * The {@code anthropic} extension: provider instances for Anthropic's API or any Anthropic-compatible Messages
 * endpoint. The descriptor lists the plugin's YAML keys ({@link AnthropicSettings#keys()}) and the account keys
 * {@code api-key} and {@code auth-token}; the kernel owns pooling, retries, timeouts and proxies. Stateless and
 * thread-safe.
 */
@Extension
public class AnthropicProviderFactory implements ProviderFactory {
    public static final String PLUGIN_ID = "anthropic";

    @Override
    public ProviderDescriptor descriptor() {
        // extra-headers may carry a gateway token of a compatible vendor: masked like a secret in /admin/config.
        return new ProviderDescriptor(PLUGIN_ID, "Anthropic API keys and Anthropic-compatible Messages endpoints",
                AnthropicSettings.keys(), Set.of(AnthropicSettings.EXTRA_HEADERS), Credential.KEYS, Credential.KEYS);
    }

    @Override
    public Provider create(ProviderContext context) throws ConfigException {
        AnthropicSettings settings = AnthropicSettings.read(context.config());
        context.logger().info(() -> context.instanceId() + ": " + settings.baseUrl() + ", signatures of family '"
                + settings.signatures().family() + "', betas " + settings.betas());
        return new AnthropicProvider(context, settings);
    }
}
