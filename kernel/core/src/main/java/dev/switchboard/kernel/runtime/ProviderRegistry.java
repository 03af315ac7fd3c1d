package dev.switchboard.kernel.runtime;

import dev.switchboard.kernel.config.AccountEntry;
import dev.switchboard.kernel.config.GatewayConfig;
import dev.switchboard.kernel.config.PoolSettings;
import dev.switchboard.kernel.config.ProviderEntry;
import dev.switchboard.kernel.plugin.PluginHost;
import dev.switchboard.kernel.plugin.PluginStatus;
import dev.switchboard.kernel.pool.AccountPool;
import dev.switchboard.kernel.pool.AccountStore;
import dev.switchboard.kernel.pool.ConversationAffinity;
import dev.switchboard.kernel.pool.Strategies;
import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.HttpTransport;
import dev.switchboard.spi.PluginConfig;
import dev.switchboard.spi.Provider;
import dev.switchboard.spi.ProviderDescriptor;
import dev.switchboard.spi.ProviderFactory;
import dev.switchboard.spi.Sleeper;
import dev.switchboard.transport.TransportSettingsReader;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Builds the provider instances of the configuration: checks each entry against its plugin's descriptor
 * (unknown keys, unresolved secrets), creates the provider with a {@link KernelProviderContext}, syncs YAML
 * accounts into the store (docs/architecture.md#declared-accounts) and loads the pool. Config problems stop startup; a
 * plugin that throws while creating its provider is reported and skipped. Built once; read-only and thread-safe after.
 */
public final class ProviderRegistry implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ProviderRegistry.class.getName());

    private final Map<String, ProviderInstance> instances;

    private ProviderRegistry(Map<String, ProviderInstance> instances) {
        this.instances = Collections.unmodifiableMap(instances);
    }

    /** Builds an instance's transport from its configuration node (kernel-owned transport keys). */
    @FunctionalInterface
    public interface TransportFactory {
        HttpTransport create(PluginConfig instanceConfig) throws ConfigException;
    }

    /**
     * @param transports builds each instance's transport from its configuration node
     */
    public static ProviderRegistry build(GatewayConfig config, PluginHost plugins, AccountStore store, Clock clock,
                                         Sleeper sleeper, TransportFactory transports,
                                         java.util.Map<String, String> environment) throws ConfigException {
        return build(config, plugins, store, clock, sleeper, transports, environment, PoolSharing.NONE);
    }

    /**
     * @param sharing what the pools share with other gateways on the same database ({@link PoolSharing#NONE} alone)
     */
    public static ProviderRegistry build(GatewayConfig config, PluginHost plugins, AccountStore store, Clock clock,
                                         Sleeper sleeper, TransportFactory transports,
                                         java.util.Map<String, String> environment, PoolSharing sharing)
            throws ConfigException {
        Map<String, ProviderInstance> out = new LinkedHashMap<>();
        for (ProviderEntry e : config.providers()) {
            if (!e.enabled()) {
                LOG.info(() -> "provider " + e.id() + " is disabled in the configuration");
                continue;
            }
            if (Strategies.canonical(e.pool().strategy()) == null) {
                throw e.node().problem("strategy", "unknown strategy '" + e.pool().strategy() + "' (known: "
                        + String.join(", ", Strategies.NAMES) + "; aliases: "
                        + String.join(", ", new TreeMap<>(Strategies.ALIASES).keySet()) + ")");
            }
            ConversationAffinity affinity = new ConversationAffinity(config.dispatch().affinityTtl(),
                    config.dispatch().affinityMaxEntries(), clock, sharing.pins(e.id()));
            AccountPool pool = new AccountPool(e.id(), e.pool(), store, clock, affinity);
            ProviderFactory factory = plugins.factory(e.plugin());
            if (factory == null) {
                PluginStatus failed = plugins.failure(e.plugin());
                if (failed == null) {
                    throw e.node().problem("plugin", "unknown plugin '" + e.plugin() + "' (available: "
                            + (plugins.pluginIds().isEmpty() ? "none" : String.join(", ", plugins.pluginIds())) + ")");
                }
                out.put(e.id(), failedInstance(e, null, pool, "plugin '" + e.plugin() + "' failed: " + failed.error()));
                continue;
            }
            ProviderDescriptor d = factory.descriptor();
            checkKeys(e, d);
            HttpTransport transport = transports.create(e.node());
            KernelProviderContext ctx = new KernelProviderContext(e.id(), e.node(), clock, sleeper, transport,
                    new PoolCredentialStore(e.id(), store, pool), e.plugin(), environment);
            Provider provider;
            try {
                provider = factory.create(ctx);
            } catch (ConfigException ce) {
                throw ce;
            } catch (RuntimeException | LinkageError re) {
                LOG.log(Level.SEVERE, "plugin " + e.plugin() + " failed to create provider " + e.id(), re);
                out.put(e.id(), failedInstance(e, d, pool, "plugin '" + e.plugin() + "' failed to create the provider: "
                        + re.getClass().getSimpleName() + (re.getMessage() == null ? "" : ": " + re.getMessage())));
                continue;
            }
            syncAccounts(e, provider, store);
            pool.reload();
            RefreshCoordinator refresher = provider.credentialRefresher()
                    .map(r -> new RefreshCoordinator(r, pool, clock, sharing.refreshGuard(pool))).orElse(null);
            out.put(e.id(), new ProviderInstance(e.id(), e, d, provider, transport, pool, refresher, null));
            LOG.info(() -> "provider " + e.id() + " (" + e.plugin() + ") ready with " + pool.accounts().size()
                    + " account(s), strategy " + Strategies.canonical(e.pool().strategy()));
        }
        return new ProviderRegistry(out);
    }

    private static ProviderInstance failedInstance(ProviderEntry e, ProviderDescriptor d, AccountPool pool, String why) {
        return new ProviderInstance(e.id(), e, d, null, null, pool, null, why);
    }

    /** Rejects unknown keys (YAML only) and unresolved placeholders in declared secrets. */
    private static void checkKeys(ProviderEntry e, ProviderDescriptor d) throws ConfigException {
        Set<String> known = new HashSet<>(ProviderEntry.KERNEL_KEYS);
        known.addAll(PoolSettings.keys());
        known.addAll(TransportSettingsReader.KEYS);
        known.addAll(d.configKeys());
        if (e.fileNode() != null) {
            e.fileNode().rejectUnknownKeys(known);
            Set<String> accountKnown = new HashSet<>(AccountEntry.KERNEL_KEYS);
            accountKnown.addAll(d.accountKeys());
            for (PluginConfig a : e.fileNode().children("accounts")) {
                a.rejectUnknownKeys(accountKnown);
            }
        }
        for (String s : d.secretKeys()) {
            e.node().secret(s);
        }
        for (AccountEntry a : e.accounts()) {
            for (String s : d.accountSecretKeys()) {
                a.plugin().secret(s);
            }
        }
    }

    private static void syncAccounts(ProviderEntry e, Provider provider, AccountStore store) throws ConfigException {
        for (AccountEntry a : e.accounts()) {
            provider.validateAccount(a.plugin());
            store.upsertDeclared(e.id(), a.name(), a.plugin().json(), a.tier(), a.weight(), a.maxConcurrency(),
                    a.enabled());
        }
    }

    public ProviderInstance get(String id) {
        return instances.get(id);
    }

    public List<ProviderInstance> all() {
        return new ArrayList<>(instances.values());
    }

    @Override
    public void close() {
        for (ProviderInstance i : instances.values()) {
            if (i.provider() != null) {
                try {
                    i.provider().close();
                } catch (RuntimeException ex) {
                    LOG.log(Level.WARNING, "closing provider " + i.id() + " failed", ex);
                }
            }
            if (i.transport() instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception ex) {
                    LOG.log(Level.WARNING, "closing the transport of " + i.id() + " failed", ex);
                }
            }
        }
    }
}
