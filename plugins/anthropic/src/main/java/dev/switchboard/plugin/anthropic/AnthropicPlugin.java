package dev.switchboard.plugin.anthropic;

import org.pf4j.Plugin;

/**
 * PF4J entry point of the {@code anthropic} plugin. It holds no state: the kernel discovers the plugin's
 * {@link dev.switchboard.spi.ProviderFactory} extension and creates provider instances from YAML.
 */
public class AnthropicPlugin extends Plugin {
}
