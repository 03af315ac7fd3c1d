/**
 * Loading and validating {@code conf/gateway.yaml}.
 *
 * <p>The YAML file is parsed (SnakeYAML, as helidon-config-yaml does, but keeping dotted keys whole) into a JSON tree; environment variables (Helidon's
 * naming: {@code SERVER_PORT} → {@code server.port}, {@code _dash_} → {@code -}) and {@code -D} system
 * properties are overlaid onto the kernel's top-level sections; {@code ${VAR}} placeholders are resolved
 * from the environment. Typed settings are then read through {@link dev.switchboard.spi.PluginConfig},
 * so every problem names the file, the key path and what is wrong. Unknown-key checks look at the YAML
 * file only: the environment holds unrelated variables such as {@code PATH}.
 */
package dev.switchboard.kernel.config;
