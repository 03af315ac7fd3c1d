package dev.switchboard.kernel.runtime;

import dev.switchboard.kernel.config.ProviderEntry;
import dev.switchboard.kernel.pool.AccountPool;
import dev.switchboard.spi.HttpTransport;
import dev.switchboard.spi.Provider;
import dev.switchboard.spi.ProviderDescriptor;

/**
 * One configured provider instance. When its plugin failed (to load, or to create the provider), the
 * instance exists with {@link #failure()} set and no provider, so readiness can report it and routes to it
 * fail over to their next target. Immutable apart from the pool's own state; thread-safe.
 *
 * @param id         instance id
 * @param entry      its configuration
 * @param descriptor the plugin's descriptor, or null when the plugin is missing
 * @param provider   the provider, or null when failed
 * @param transport  its HTTP transport, or null when failed
 * @param pool       its account pool (empty when failed)
 * @param refresher  credential refresh coordination, or null when the plugin refreshes nothing
 * @param failure    why it cannot serve, or null
 */
public record ProviderInstance(String id, ProviderEntry entry, ProviderDescriptor descriptor, Provider provider,
                               HttpTransport transport, AccountPool pool, RefreshCoordinator refresher,
                               String failure) {

    public boolean ready() {
        return failure == null && provider != null;
    }

    public String pluginId() {
        return entry.plugin();
    }
}
