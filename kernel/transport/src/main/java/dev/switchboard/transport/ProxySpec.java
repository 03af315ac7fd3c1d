package dev.switchboard.transport;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One upstream HTTP proxy: an entry of a provider instance's {@code proxies:} list, or the proxy named by
 * {@code HTTPS_PROXY}/{@code HTTP_PROXY}. Only plain {@code http://} proxies are supported (Helidon 4.3
 * cannot speak TLS to a proxy); the target is always reached through a {@code CONNECT} tunnel.
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows the name only, never the URL, because the URL's
 * user-info holds the proxy credentials.
 *
 * @param name a label for logs and error messages (never the URL); defaults to {@code host:port}
 * @param url  {@code http://[user:pass@]host[:port]} (port 80 when omitted); user-info is percent-decoded
 */
public record ProxySpec(String name, URI url) {
    public ProxySpec {
        Objects.requireNonNull(url, "url");
        // Messages below never echo the URL: it may hold credentials.
        if (url.getScheme() == null || !url.getScheme().toLowerCase(Locale.ROOT).equals("http")) {
            throw new IllegalArgumentException("proxy " + describe(name, url)
                    + ": URL must be an absolute http:// URL (TLS to the proxy is not supported)");
        }
        if (url.getHost() == null || url.getHost().isBlank()) {
            throw new IllegalArgumentException("proxy " + describe(name, url) + ": URL has no host");
        }
        String path = url.getRawPath();
        if ((path != null && !path.isEmpty() && !path.equals("/")) || url.getRawQuery() != null) {
            throw new IllegalArgumentException("proxy " + describe(name, url) + ": URL must not have a path or query");
        }
        name = name == null || name.isBlank() ? url.getHost() + ":" + portOf(url) : name;
    }

    private static String describe(String name, URI url) {
        return name == null || name.isBlank() ? "'" + url.getHost() + "'" : "'" + name + "'";
    }

    private static int portOf(URI url) {
        return url.getPort() > 0 ? url.getPort() : 80;
    }

    /** Parses {@code url}; the message of a malformed URL never repeats it. */
    public static ProxySpec of(String name, String url) {
        try {
            return new ProxySpec(name, new URI(Objects.requireNonNull(url, "url").trim()));
        } catch (java.net.URISyntaxException e) {
            // Not chained: URISyntaxException's message quotes the URL, credentials included.
            throw new IllegalArgumentException("proxy " + (name == null ? "" : "'" + name + "' ")
                    + "URL is not a valid URI");
        }
    }

    public String host() {
        return url.getHost();
    }

    public int port() {
        return portOf(url);
    }

    /** The user name of Basic proxy authentication, if the URL has user-info. */
    public Optional<String> username() {
        String raw = url.getRawUserInfo();
        if (raw == null || raw.isEmpty()) {
            return Optional.empty();
        }
        int colon = raw.indexOf(':');
        return Optional.of(decode(colon < 0 ? raw : raw.substring(0, colon)));
    }

    /** The password of Basic proxy authentication ("" when the user-info has no colon). */
    public Optional<char[]> password() {
        String raw = url.getRawUserInfo();
        if (raw == null || raw.isEmpty()) {
            return Optional.empty();
        }
        int colon = raw.indexOf(':');
        return Optional.of(colon < 0 ? new char[0] : decode(raw.substring(colon + 1)).toCharArray());
    }

    /** Percent-decoding of user-info; '+' is literal there, unlike in form encoding. */
    private static String decode(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "Proxy[" + name + "]";
    }
}
