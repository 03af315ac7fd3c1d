package dev.switchboard.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The hosts that bypass the environment proxy, parsed from {@code NO_PROXY}/{@code no_proxy}: a comma (or
 * whitespace) separated list of
 * <ul>
 *   <li>{@code *} — every host bypasses the proxy;</li>
 *   <li>an exact host or IP literal ({@code api.internal}, {@code 10.0.0.5}, {@code [::1]}) — that host only;</li>
 *   <li>a domain suffix written {@code .example.com} or {@code *.example.com} — {@code example.com} and
 *       every host below it;</li>
 *   <li>any of the above with {@code :port} — only connections to that port.</li>
 * </ul>
 * Matching is on the host as written in the request URI, case-insensitive, without DNS lookups. Unlike
 * some tools, {@code localhost} and {@code 127.0.0.1} are not bypassed unless listed.
 *
 * <p>Immutable and thread-safe.
 */
final class NoProxyRules {
    private static final NoProxyRules NONE = new NoProxyRules(List.of(), false);

    /** One entry: a host or a domain suffix, with an optional port (-1 for any). */
    private record Rule(String host, boolean suffix, int port) {
        boolean matches(String h, int p) {
            if (port >= 0 && port != p) {
                return false;
            }
            return suffix ? h.equals(host) || h.endsWith("." + host) : h.equals(host);
        }
    }

    private final List<Rule> rules;
    private final boolean all;

    private NoProxyRules(List<Rule> rules, boolean all) {
        this.rules = rules;
        this.all = all;
    }

    static NoProxyRules none() {
        return NONE;
    }

    /** Parses a {@code NO_PROXY} value; null or blank means no exceptions. Malformed entries are ignored. */
    static NoProxyRules parse(String value) {
        if (value == null || value.isBlank()) {
            return NONE;
        }
        List<Rule> rules = new ArrayList<>();
        boolean all = false;
        for (String raw : value.split("[,\\s]+")) {
            String entry = raw.trim().toLowerCase(Locale.ROOT);
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.equals("*")) {
                all = true;
                continue;
            }
            int port = -1;
            String host = entry;
            int colon = entry.lastIndexOf(':');
            // A port follows the last colon, except inside a bare IPv6 literal (which has several colons).
            boolean bracketed = entry.startsWith("[");
            if (colon > 0 && (bracketed ? entry.indexOf(']') < colon : entry.indexOf(':') == colon)) {
                try {
                    port = Integer.parseInt(entry.substring(colon + 1));
                    host = entry.substring(0, colon);
                } catch (NumberFormatException e) {
                    continue; // "host:abc" names nothing we could match
                }
            }
            boolean suffix = false;
            if (host.startsWith("*.")) {
                host = host.substring(2);
                suffix = true;
            } else if (host.startsWith(".")) {
                host = host.substring(1);
                suffix = true;
            }
            host = normalize(host);
            if (!host.isEmpty()) {
                rules.add(new Rule(host, suffix, port));
            }
        }
        return new NoProxyRules(List.copyOf(rules), all);
    }

    /** True when a connection to {@code host:port} must not use the proxy. */
    boolean bypass(String host, int port) {
        if (all) {
            return true;
        }
        String h = normalize(host.toLowerCase(Locale.ROOT));
        for (Rule r : rules) {
            if (r.matches(h, port)) {
                return true;
            }
        }
        return false;
    }

    /** Strips IPv6 brackets and a trailing root dot so that both spellings compare equal. */
    private static String normalize(String host) {
        String h = host;
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }

    @Override
    public String toString() {
        return all ? "NoProxyRules[*]" : "NoProxyRules" + rules;
    }
}
