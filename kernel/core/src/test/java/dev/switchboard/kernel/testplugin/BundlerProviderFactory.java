package dev.switchboard.kernel.testplugin;

import dev.switchboard.spi.ProviderDescriptor;
import java.util.Set;
import org.pf4j.Extension;

/** The echo provider under another plugin id, for a test plugin that bundles the wire library in its lib/. */
@Extension
public class BundlerProviderFactory extends EchoProviderFactory {
    @Override
    public ProviderDescriptor descriptor() {
        return new ProviderDescriptor("bundler", "test provider bundling the wire library", Set.of("base-url", "models"),
                Set.of(), Set.of("api-key"), Set.of("api-key"));
    }
}
