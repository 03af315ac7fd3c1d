package dev.switchboard.spi;

import org.pf4j.ExtensionPoint;

/**
 * The extension point every provider plugin implements (annotated {@code @Extension}). The kernel finds
 * it through PF4J, validates YAML against its {@link #descriptor()}, and calls {@link #create} once per
 * provider instance that names the plugin.
 *
 * <p>Implementations must have a public no-argument constructor and be thread-safe.
 */
public interface ProviderFactory extends ExtensionPoint {

    ProviderDescriptor descriptor();

    /**
     * Builds a provider instance from its configuration.
     *
     * @throws ConfigException naming the key and problem; the kernel stops startup with it
     */
    Provider create(ProviderContext context) throws ConfigException;
}
