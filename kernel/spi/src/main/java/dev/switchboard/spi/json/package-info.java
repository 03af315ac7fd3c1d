/** Small JSON helpers over jakarta.json (Parsson) shared by the kernel and all plugins. */
package dev.switchboard.spi.json;
