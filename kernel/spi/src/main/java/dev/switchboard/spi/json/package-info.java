/**
 * Small JSON helpers over jakarta.json (Parsson) shared by the kernel and all plugins, and the one policy for tool-call
 * arguments ({@link dev.switchboard.spi.json.ToolInput}).
 */
package dev.switchboard.spi.json;
