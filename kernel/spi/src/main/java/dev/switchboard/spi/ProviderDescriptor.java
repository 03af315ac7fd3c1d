package dev.switchboard.spi;

import java.util.Objects;
import java.util.Set;

/**
 * What a plugin declares about its provider instances, so the kernel can validate and mask
 * configuration without knowing the plugin.
 *
 * @param pluginId          the PF4J plugin id, which YAML names in {@code plugin:}
 * @param description       one line for logs and the admin API
 * @param configKeys        plugin-owned keys allowed on a provider instance (the kernel adds its own)
 * @param secretKeys        those of them that hold secrets (masked in {@code /admin/config})
 * @param accountKeys       plugin-owned keys allowed on an {@code accounts:} entry (beside the kernel's
 *                          {@code name}, {@code tier}, {@code weight}, ...)
 * @param accountSecretKeys those of them that hold secrets (unresolved {@code ${VAR}} is a startup error)
 */
public record ProviderDescriptor(String pluginId, String description, Set<String> configKeys, Set<String> secretKeys,
                                 Set<String> accountKeys, Set<String> accountSecretKeys) {
    public ProviderDescriptor {
        Objects.requireNonNull(pluginId, "pluginId");
        configKeys = Set.copyOf(configKeys);
        secretKeys = Set.copyOf(secretKeys);
        accountKeys = Set.copyOf(accountKeys);
        accountSecretKeys = Set.copyOf(accountSecretKeys);
    }
}
