package dev.switchboard.transport;

import io.helidon.webclient.api.Proxy;
import java.time.Instant;

/**
 * A configured proxy as the transport uses it: its name, the Helidon {@link Proxy} that opens the
 * {@code CONNECT} tunnel (with Basic credentials from the URL), and when it may be tried again after a
 * failure. Its identity also keys the keep-alive connections made through it.
 *
 * <p>Thread-safe: the retry time is a volatile field written by whichever call saw the proxy fail.
 */
final class ProxyEndpoint {
    private final String name;
    private final Proxy proxy;
    private volatile Instant skipUntil = Instant.MIN;

    private ProxyEndpoint(String name, Proxy proxy) {
        this.name = name;
        this.proxy = proxy;
    }

    static ProxyEndpoint of(ProxySpec spec) {
        Proxy.Builder b = Proxy.builder()
                .type(Proxy.ProxyType.HTTP)
                .host(spec.host())
                .port(spec.port())
                // Always tunnel, also to plain-http targets: the request line then stays relative (the
                // origin sees a normal request) and a proxy failure shows up while connecting, before any
                // byte of the request left, which is what makes trying the next proxy safe.
                .forceHttpConnect(true);
        spec.username().ifPresent(b::username);
        spec.password().ifPresent(b::password);
        return new ProxyEndpoint(spec.name(), b.build());
    }

    String name() {
        return name;
    }

    Proxy helidonProxy() {
        return proxy;
    }

    boolean skippedAt(Instant now) {
        return now.isBefore(skipUntil);
    }

    Instant skipUntil() {
        return skipUntil;
    }

    void skipUntil(Instant until) {
        this.skipUntil = until;
    }

    @Override
    public String toString() {
        return "proxy '" + name + "'";
    }
}
