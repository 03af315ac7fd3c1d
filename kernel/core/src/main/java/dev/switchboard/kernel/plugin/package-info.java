/**
 * The PF4J plugin host and the provider instances built from plugins.
 *
 * <p>Plugins are isolated: their class loader sees the SPI, jakarta.json (with Parsson), PF4J and the JDK,
 * and nothing else of the host — a plugin that tries to use a kernel class gets a
 * {@code ClassNotFoundException}. A plugin that fails to load or start is logged, reported in
 * {@code /health/ready}, and skipped; the gateway keeps serving.
 */
package dev.switchboard.kernel.plugin;
