package dev.switchboard.kernel.config;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An entry of {@code server.allowed-hosts}: an exact host name or IP address ({@code gw.example.com},
 * {@code 10.0.0.5}) or {@code *.suffix} for any subdomain of a name ({@code *.example.com} matches
 * {@code a.example.com}, not {@code example.com}). Matching ignores case and the port. Stateless.
 */
public final class HostPattern {
    private static final Pattern NAME = Pattern.compile("(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?"
            + "(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*|\\[[0-9A-Fa-f:.]+]");

    private HostPattern() {
    }

    public static boolean valid(String pattern) {
        return pattern != null && NAME.matcher(pattern).matches();
    }

    /** True when {@code host} (without port, any case) matches {@code pattern}. */
    public static boolean matches(String pattern, String host) {
        String p = pattern.toLowerCase(Locale.ROOT);
        String h = host.toLowerCase(Locale.ROOT);
        if (p.startsWith("*.")) {
            return h.endsWith(p.substring(1)) && h.length() > p.length() - 1;
        }
        return p.equals(h);
    }
}
