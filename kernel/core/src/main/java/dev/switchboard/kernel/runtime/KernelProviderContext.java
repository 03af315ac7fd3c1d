package dev.switchboard.kernel.runtime;

import dev.switchboard.spi.CredentialStore;
import dev.switchboard.spi.HttpTransport;
import dev.switchboard.spi.PluginConfig;
import dev.switchboard.spi.ProviderContext;
import dev.switchboard.spi.Sleeper;
import dev.switchboard.spi.TokenCounter;
import java.time.Clock;
import java.util.logging.Logger;

/** The kernel's {@link ProviderContext}: plain wiring of host services, all thread-safe. */
record KernelProviderContext(String instanceId, PluginConfig config, Clock clock, Sleeper sleeper,
                             HttpTransport transport, CredentialStore credentials, String pluginId,
                             java.util.Map<String, String> environment)
        implements ProviderContext {

    @Override
    public Logger logger() {
        return Logger.getLogger("dev.switchboard.plugin." + pluginId + "." + instanceId);
    }

    @Override
    public TokenCounter tokenCounter() {
        return TokenCounter.shared();
    }
}
