package dev.switchboard.kernel.cli;

import dev.switchboard.kernel.Gateway;
import dev.switchboard.kernel.config.GatewayConfig;
import dev.switchboard.kernel.plugin.PluginHost;
import dev.switchboard.kernel.pool.AccountStore;
import dev.switchboard.kernel.runtime.ProviderRegistry;
import dev.switchboard.kernel.store.Database;
import dev.switchboard.kernel.store.PoolAccountStore;
import dev.switchboard.kernel.store.StorageException;
import dev.switchboard.kernel.store.Store;
import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.ProviderFactory;
import dev.switchboard.spi.Sleeper;
import dev.switchboard.transport.HelidonHttpTransport;
import dev.switchboard.transport.TransportSettingsReader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * What a command works on, opened on demand and closed together: the configuration (loaded and checked exactly
 * as at startup), the configured database through the same {@link Store} the gateway uses, and — for commands
 * that need plugins — the plugin host and provider instances. Embedded H2 is locked by a running gateway, so
 * opening it then fails with a message saying so; a server database (PostgreSQL) can be used at any time.
 * One command, one thread.
 */
final class CliContext implements AutoCloseable {
    private final Path home;
    private final Path configFile;
    private final Map<String, String> env;
    private final Properties sys;
    private final Clock clock;
    private final List<ProviderFactory> factories;
    final PrintStream out;
    final PrintStream err;
    private GatewayConfig config;
    private Store store;
    private PluginHost plugins;
    private ProviderRegistry providers;

    CliContext(Path home, Path configFile, Map<String, String> env, Properties sys, Clock clock,
               List<ProviderFactory> factories, PrintStream out, PrintStream err) {
        this.home = home;
        this.configFile = configFile;
        this.env = env;
        this.sys = sys;
        this.clock = clock;
        this.factories = factories;
        this.out = out;
        this.err = err;
    }

    Clock clock() {
        return clock;
    }

    Map<String, String> env() {
        return env;
    }

    /** The configuration, validated as at startup. */
    GatewayConfig config() throws CliException {
        if (config == null) {
            try {
                Gateway.Builder b = Gateway.builder().home(home).configFile(configFile).env(env).systemProperties(sys);
                config = b.loadConfig();
            } catch (ConfigException e) {
                throw CliException.failed("configuration error: " + e.getMessage());
            }
        }
        return config;
    }

    /** The configured database. */
    Store store() throws CliException {
        if (store == null) {
            GatewayConfig c = config();
            try {
                store = Store.open(c.storage().settings(), clock, env);
            } catch (StorageException e) {
                if (Database.inUseByAnotherProcess(e)) {
                    throw CliException.failed("the gateway is running: it holds the database in "
                            + c.storage().dataDir() + ". Stop it first, or make this change through the admin API "
                            + "while it runs.");
                }
                throw CliException.failed("cannot open the database: " + e.getMessage());
            }
        }
        return store;
    }

    /**
     * Loads the plugins and builds the provider instances as startup does, over {@code accounts} (the database's
     * for commands that change accounts, a throw-away one for checks).
     */
    ProviderRegistry providers(AccountStore accounts) throws CliException {
        if (providers == null) {
            GatewayConfig c = config();
            plugins = new PluginHost(c.pluginsDir(), factories);
            plugins.start();
            try {
                providers = ProviderRegistry.build(c, plugins, accounts, clock, Sleeper.system(),
                        node -> HelidonHttpTransport.create(TransportSettingsReader.read(node, env), clock), env);
            } catch (ConfigException e) {
                throw CliException.failed("configuration error: " + e.getMessage());
            }
        }
        return providers;
    }

    /** The provider instances over the database's accounts. */
    ProviderRegistry providersOfStore() throws CliException {
        return providers(new PoolAccountStore(store().accounts()));
    }

    PluginHost plugins() {
        return plugins;
    }

    @Override
    public void close() {
        List<AutoCloseable> open = new ArrayList<>();
        if (providers != null) {
            open.add(providers);
        }
        if (plugins != null) {
            open.add(plugins);
        }
        if (store != null) {
            open.add(store);
        }
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception e) {
                err.println("switchboard: warning: closing " + c.getClass().getSimpleName() + " failed: " + e);
            }
        }
    }
}
