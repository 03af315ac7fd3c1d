package dev.switchboard.kernel.config;

import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.PluginConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One {@code providers:} entry as the kernel sees it, before its plugin validates its own keys.
 *
 * @param id       instance id, referenced by routes (letters, digits, {@code -}, {@code _})
 * @param plugin   the PF4J plugin id
 * @param enabled  false skips the instance (default true)
 * @param node     the whole effective entry (the plugin's {@link PluginConfig})
 * @param fileNode the entry as written in the YAML file, or null when it comes only from the environment
 * @param pool     kernel pool keys
 * @param accounts static accounts
 */
public record ProviderEntry(String id, String plugin, boolean enabled, PluginConfig node, PluginConfig fileNode,
                            PoolSettings pool, List<AccountEntry> accounts) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");
    /** Instance keys the kernel owns besides pool and transport keys. */
    public static final Set<String> KERNEL_KEYS = Set.of("id", "plugin", "enabled", "accounts",
            PricingSettings.PROVIDER_KEY);

    static ProviderEntry read(PluginConfig c, PluginConfig fileNode) throws ConfigException {
        String id = c.requireString("id");
        if (!ID.matcher(id).matches()) {
            throw c.problem("id", "must contain only letters, digits, '-' and '_', got '" + id + "'");
        }
        String plugin = c.requireString("plugin");
        List<AccountEntry> accounts = new ArrayList<>();
        java.util.Set<String> names = new java.util.HashSet<>();
        for (PluginConfig a : c.children("accounts")) {
            AccountEntry e = AccountEntry.read(a);
            if (!names.add(e.name())) {
                throw a.problem("name", "duplicate account name '" + e.name() + "' in provider '" + id + "'");
            }
            accounts.add(e);
        }
        return new ProviderEntry(id, plugin, c.bool("enabled", true), c, fileNode, PoolSettings.read(c), accounts);
    }
}
