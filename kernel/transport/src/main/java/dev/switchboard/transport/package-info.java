/**
 * The kernel's implementation of the SPI {@link dev.switchboard.spi.HttpTransport} on the Helidon
 * WebClient (HTTP/1.1). Plugins never see this package; they get the interface through their
 * {@link dev.switchboard.spi.ProviderContext}.
 */
package dev.switchboard.transport;
