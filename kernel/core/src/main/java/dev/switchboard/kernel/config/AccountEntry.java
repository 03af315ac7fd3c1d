package dev.switchboard.kernel.config;

import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.PluginConfig;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.Set;

/**
 * One static {@code accounts:} entry of a provider instance: the kernel's keys, and the rest handed to the
 * plugin as the account's credentials.
 *
 * @param name           unique within the instance; shown in logs and usage
 * @param tier           priority tier, 1 first (default 1)
 * @param weight         weight for the {@code weighted} strategy (default 1)
 * @param maxConcurrency in-flight limit, or null for the instance default
 * @param enabled        false stores the account disabled (default true)
 * @param plugin         the plugin's keys of the entry (credentials and per-account settings)
 */
public record AccountEntry(String name, int tier, int weight, Integer maxConcurrency, boolean enabled,
                           PluginConfig plugin) {
    /** Kernel keys of an account entry; everything else belongs to the plugin. */
    public static final Set<String> KERNEL_KEYS = Set.of("name", "tier", "weight", "max-concurrency", "enabled");

    public static AccountEntry read(PluginConfig c) throws ConfigException {
        String name = c.requireString("name");
        int tier = c.integer("tier", 1);
        if (tier < 1) {
            throw c.problem("tier", "must be 1 or more (1 is tried first)");
        }
        int weight = c.integer("weight", 1);
        if (weight < 1) {
            throw c.problem("weight", "must be an integer of 1 or more");
        }
        Integer maxConc = c.integer("max-concurrency").orElse(null);
        if (maxConc != null && maxConc < 0) {
            throw c.problem("max-concurrency", "must be 0 (unlimited) or more");
        }
        JsonObjectBuilder rest = Jsons.objectBuilder();
        c.json().forEach((k, v) -> {
            if (!KERNEL_KEYS.contains(k)) {
                rest.add(k, v);
            }
        });
        JsonObject pluginKeys = rest.build();
        return new AccountEntry(name, tier, weight, maxConc, c.bool("enabled", true),
                new PluginConfig(c.source(), c.path(), pluginKeys));
    }

    @Override
    public String toString() {
        return "AccountEntry[" + name + ", tier " + tier + "]";
    }
}
