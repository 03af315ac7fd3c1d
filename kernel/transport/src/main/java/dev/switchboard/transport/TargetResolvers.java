package dev.switchboard.transport;

import io.helidon.webclient.api.DnsAddressLookup;
import io.helidon.webclient.api.RuntimeUnknownHostException;
import io.helidon.webclient.spi.DnsResolver;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * How a target host becomes the address Helidon connects to. Both resolvers keep the host name as written
 * in the URI inside the {@link InetAddress}, because Helidon takes {@code getHostName()} of it for the TLS
 * server name, certificate check and {@code CONNECT} line — without this, an IP target would be
 * reverse-resolved ({@code CONNECT localhost:…} for {@code 127.0.0.1}).
 *
 * <p>Stateless and thread-safe.
 */
final class TargetResolvers {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    /** Direct connections: the JDK resolver, then the client's address-family preference. */
    static final DnsResolver DIRECT = TargetResolvers::resolveDirect;

    /**
     * Connections through a proxy: no local lookup at all. The proxy resolves the name (as curl does with
     * {@code HTTPS_PROXY}), which is what networks that only resolve through their proxy need; the address
     * bytes are never used because the socket goes to the proxy.
     */
    static final DnsResolver THROUGH_PROXY = TargetResolvers::resolveLater;

    private TargetResolvers() {
    }

    private static InetAddress resolveDirect(String hostname, DnsAddressLookup lookup) {
        String host = bare(hostname);
        try {
            InetAddress[] all = lookup.filter(InetAddress.getAllByName(host));
            if (all.length == 0) {
                throw new RuntimeUnknownHostException(new UnknownHostException("no usable address"));
            }
            return InetAddress.getByAddress(host, all[0].getAddress());
        } catch (UnknownHostException e) {
            // The JDK's message is the host name; the classification only needs the type.
            throw new RuntimeUnknownHostException(e);
        }
    }

    private static InetAddress resolveLater(String hostname, DnsAddressLookup lookup) {
        String host = bare(hostname);
        try {
            if (isIpLiteral(host)) {
                return InetAddress.getByAddress(host, InetAddress.getByName(host).getAddress()); // no DNS for literals
            }
            return InetAddress.getByAddress(host, new byte[4]);
        } catch (UnknownHostException e) {
            throw new RuntimeUnknownHostException(e);
        }
    }

    static boolean isIpLiteral(String host) {
        return IPV4.matcher(host).matches() || host.indexOf(':') >= 0;
    }

    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
