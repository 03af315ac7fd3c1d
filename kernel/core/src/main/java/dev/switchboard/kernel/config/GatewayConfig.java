package dev.switchboard.kernel.config;

import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.PluginConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The validated kernel configuration. Plugin-specific keys are checked later, by the provider registry,
 * against each plugin's descriptor. Immutable.
 *
 * @param loaded     the raw trees (for plugin configs and {@code /admin/config})
 * @param home       the gateway home; relative paths resolve against it
 * @param server     {@code server:}
 * @param pluginsDir {@code plugins.directory} (default {@code plugins})
 * @param storage    {@code storage:}
 * @param admin      {@code admin:}
 * @param dispatch   {@code dispatch:}
 * @param clientKeys {@code clients.keys}
 * @param providers  {@code providers:} in file order
 * @param routes     {@code routes:} in file order (first match wins)
 * @param metrics    {@code metrics:}
 * @param logging    {@code logging:}
 * @param pricing    {@code pricing:} plus the providers' own {@code prices}
 */
public record GatewayConfig(LoadedConfig loaded, Path home, ServerSettings server, Path pluginsDir,
                            StorageConfig storage, AdminSettings admin, DispatchSettings dispatch,
                            List<ClientKeyEntry> clientKeys, List<ProviderEntry> providers, List<RouteEntry> routes,
                            MetricsSettings metrics, LoggingSettings logging, PricingSettings pricing) {

    static final Set<String> SECTIONS = Set.of("server", "plugins", "storage", "admin", "clients", "dispatch",
            "providers", "routes", "metrics", "logging", "pricing");

    /** Validates and types a loaded configuration. */
    public static GatewayConfig from(LoadedConfig loaded, Path home) throws ConfigException {
        PluginConfig file = loaded.fileRoot();
        file.rejectUnknownKeys(SECTIONS);
        checkSection(file, "server", ServerSettings.KEYS);
        checkSection(file, "plugins", Set.of("directory"));
        checkSection(file, "storage", StorageConfig.KEYS);
        checkSection(file, "admin", AdminSettings.KEYS);
        checkSection(file, "dispatch", DispatchSettings.KEYS);
        checkSection(file, "clients", Set.of("keys"));
        checkSection(file, "metrics", MetricsSettings.KEYS);
        checkSection(file, "logging", LoggingSettings.KEYS);
        checkSection(file, "pricing", PricingSettings.KEYS);
        Optional<PluginConfig> serverCors = file.child("server").flatMap(s -> optionalChild(s, "cors"));
        if (serverCors.isPresent()) {
            serverCors.get().rejectUnknownKeys(Set.of("allowed-origins"));
        }

        PluginConfig root = loaded.root();
        ServerSettings server = ServerSettings.read(section(root, "server"));
        Path pluginsDir = home.resolve(section(root, "plugins").string("directory", "plugins")).normalize();
        StorageConfig storage = StorageConfig.read(section(root, "storage"), home);
        AdminSettings admin = AdminSettings.read(section(root, "admin"));
        if (storage.shared() && admin.enabled() && admin.password() == null) {
            // A generated password lives in one instance's data directory; the others would each generate another.
            throw section(root, "admin").problem("password", "is required when storage.url is a PostgreSQL database: "
                    + "every instance sharing it needs the same admin password (e.g. ${SWITCHBOARD_ADMIN_PASSWORD})");
        }
        DispatchSettings dispatch = DispatchSettings.read(section(root, "dispatch"));
        MetricsSettings metrics = MetricsSettings.read(section(root, "metrics"));
        LoggingSettings logging = LoggingSettings.read(section(root, "logging"));

        List<ClientKeyEntry> keys = new ArrayList<>();
        Set<String> keyNames = new HashSet<>();
        PluginConfig clients = section(root, "clients");
        Optional<PluginConfig> fileClients = file.child("clients");
        List<PluginConfig> fileKeys = fileClients.isPresent() ? safeChildren(fileClients.get(), "keys") : List.of();
        for (PluginConfig k : fileKeys) {
            k.rejectUnknownKeys(ClientKeyEntry.KEYS);
        }
        for (PluginConfig k : clients.children("keys")) {
            ClientKeyEntry e = ClientKeyEntry.read(k);
            if (!keyNames.add(e.name())) {
                throw k.problem("name", "duplicate client key name '" + e.name() + "'");
            }
            keys.add(e);
        }

        List<PluginConfig> fileProviders = safeChildren(file, "providers");
        List<ProviderEntry> providers = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        List<PluginConfig> effectiveProviders = root.children("providers");
        for (int i = 0; i < effectiveProviders.size(); i++) {
            PluginConfig p = effectiveProviders.get(i);
            PluginConfig fp = i < fileProviders.size() ? fileProviders.get(i) : null;
            ProviderEntry e = ProviderEntry.read(p, fp);
            if (!ids.add(e.id())) {
                throw p.problem("id", "duplicate provider id '" + e.id() + "'");
            }
            providers.add(e);
        }

        List<RouteEntry> routes = new ArrayList<>();
        for (PluginConfig r : safeChildren(file, "routes")) {
            r.rejectUnknownKeys(RouteEntry.KEYS);
            for (PluginConfig t : r.children("targets")) {
                t.rejectUnknownKeys(RouteEntry.TARGET_KEYS);
            }
        }
        for (PluginConfig r : root.children("routes")) {
            RouteEntry route = RouteEntry.read(r);
            for (int t = 0; t < route.targets().size(); t++) {
                String target = route.targets().get(t).provider();
                if (!ids.contains(target)) {
                    throw new ConfigException(loaded.source(), r.keyPath("targets[" + t + "].provider"),
                            "route '" + route.model() + "' targets provider '" + target
                                    + "', which is not defined under providers");
                }
            }
            routes.add(route);
        }
        PricingSettings pricing = PricingSettings.read(section(root, "pricing"), providers);
        return new GatewayConfig(loaded, home, server, pluginsDir, storage, admin, dispatch, keys, providers, routes,
                metrics, logging, pricing);
    }

    private static PluginConfig section(PluginConfig root, String name) throws ConfigException {
        return root.child(name).orElse(new PluginConfig(root.source(), name, null));
    }

    private static void checkSection(PluginConfig file, String name, Set<String> keys) throws ConfigException {
        Optional<PluginConfig> s = file.child(name);
        if (s.isPresent()) {
            s.get().rejectUnknownKeys(keys);
        }
    }

    private static Optional<PluginConfig> optionalChild(PluginConfig c, String key) {
        try {
            return c.child(key);
        } catch (ConfigException e) {
            return Optional.empty();
        }
    }

    private static List<PluginConfig> safeChildren(PluginConfig c, String key) throws ConfigException {
        return c.has(key) ? c.children(key) : List.of();
    }

    public GatewayConfig withServer(ServerSettings s) {
        return new GatewayConfig(loaded, home, s, pluginsDir, storage, admin, dispatch, clientKeys, providers, routes,
                metrics, logging, pricing);
    }
}
