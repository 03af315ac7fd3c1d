/**
 * The Switchboard SPI: the stable, versioned contract between the kernel and its provider plugins. It is the only
 * Switchboard code a plugin compiles against and the only Switchboard code the kernel shares with a plugin's class
 * loader. Its API is exactly these packages:
 * <ul>
 *   <li>{@code dev.switchboard.spi} — the provider contract: {@link dev.switchboard.spi.ProviderFactory} (the PF4J
 *       extension point) and {@link dev.switchboard.spi.Provider}, its {@link dev.switchboard.spi.ProviderContext}
 *       and {@link dev.switchboard.spi.PluginConfig}, the {@link dev.switchboard.spi.HttpTransport} every upstream
 *       call goes through, upstream requests, answers and the {@link dev.switchboard.spi.ResponseDecoder},
 *       errors ({@link dev.switchboard.spi.GatewayException}, {@link dev.switchboard.spi.ErrorKind},
 *       {@link dev.switchboard.spi.ErrorClassifier}), accounts, credentials, add-account flows, health checks,
 *       usage probes, token counting and {@link dev.switchboard.spi.SpiVersion};</li>
 *   <li>{@code dev.switchboard.spi.model} — the canonical request and answer model;</li>
 *   <li>{@code dev.switchboard.spi.stream} — the canonical stream event grammar, its builder, guard and fold;</li>
 *   <li>{@code dev.switchboard.spi.json} — JSON helpers over jakarta.json and the tool-argument policy.</li>
 * </ul>
 * Nothing else ships in the SPI jar (a test in this module reads its classes and fails on any other package). The
 * upstream wire codecs are a separate library, {@code dev.switchboard.wire}, that each plugin bundles in its zip;
 * no SPI signature mentions it.
 *
 * <p><b>Versioning.</b> The SPI carries a version, {@link dev.switchboard.spi.SpiVersion#VERSION}, in
 * {@code MAJOR.MINOR.PATCH} form. A minor release only adds (a type, a default method, an optional field); a
 * major release breaks (anything removed, renamed, moved or changed in signature or meaning). Each plugin declares
 * the range it accepts in {@code plugin.requires}, normally from the version it was built against up to the next
 * major; the kernel refuses, by name and with both versions, a plugin whose range does not contain its SPI, and
 * keeps serving the others. Any change to these packages bumps the version under that policy, in
 * {@code SpiVersion} and in the parent POM's {@code switchboard.spi.version} together. The plugin guide
 * ({@code docs/plugin-guide.md}) explains how to build against it.
 */
package dev.switchboard.spi;
