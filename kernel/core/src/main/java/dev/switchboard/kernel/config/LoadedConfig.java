package dev.switchboard.kernel.config;

import dev.switchboard.spi.PluginConfig;
import jakarta.json.JsonObject;
import java.nio.file.Path;

/**
 * The configuration as read: the YAML file alone (for unknown-key checks) and the effective tree after
 * environment and system-property overrides and placeholder resolution.
 *
 * @param file      the YAML file, or null when started without one
 * @param source    how messages name the file ({@code conf/gateway.yaml})
 * @param fileTree  the YAML content only
 * @param effective the tree the gateway runs with
 */
public record LoadedConfig(Path file, String source, JsonObject fileTree, JsonObject effective) {

    /** The effective root as a {@link PluginConfig} (messages carry {@link #source}). */
    public PluginConfig root() {
        return new PluginConfig(source, "", effective);
    }

    /** The file-only root, for unknown-key checks. */
    public PluginConfig fileRoot() {
        return new PluginConfig(source, "", fileTree);
    }
}
