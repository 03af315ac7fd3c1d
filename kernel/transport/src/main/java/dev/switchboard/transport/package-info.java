/**
 * The kernel's implementation of the SPI {@link dev.switchboard.spi.HttpTransport} on the Helidon
 * WebClient (HTTP/1.1). Plugins never see this package; they get the interface through their
 * {@link dev.switchboard.spi.ProviderContext}.
 *
 * <p>Entry points: {@link dev.switchboard.transport.TransportSettingsReader} turns a provider instance's
 * kernel-owned keys into {@link dev.switchboard.transport.TransportSettings};
 * {@link dev.switchboard.transport.HelidonHttpTransport#create} builds the transport (one per provider
 * instance, thread-safe). Inside, a {@code ConnectionPool} opens and keeps connections ({@code Wire}s: the
 * transport's own socket for direct http, Helidon's for TLS or through a proxy chosen by {@code ProxyRouter}), an {@code Exchange} carries each call's total deadline and its
 * watchdog, and {@code UpstreamBodyStream} turns Helidon's body failures into the IOExceptions the kernel
 * classifies (SocketTimeoutException = 504, anything else = 502).
 */
package dev.switchboard.transport;
