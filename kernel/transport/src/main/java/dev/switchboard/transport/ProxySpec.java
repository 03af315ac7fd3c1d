package dev.switchboard.transport;

import java.net.URI;
import java.util.Objects;

/**
 * One upstream HTTP proxy from a provider instance's {@code proxies:} list.
 *
 * @param name a label for logs (never the URL: it may hold credentials)
 * @param url  {@code http://[user:pass@]host:port}
 */
public record ProxySpec(String name, URI url) {
    public ProxySpec {
        Objects.requireNonNull(url, "url");
        name = name == null || name.isBlank() ? url.getHost() + ":" + url.getPort() : name;
    }

    @Override
    public String toString() {
        return "Proxy[" + name + "]";
    }
}
