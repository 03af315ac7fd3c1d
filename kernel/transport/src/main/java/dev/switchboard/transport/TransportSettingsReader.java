package dev.switchboard.transport;

import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.PluginConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds {@link TransportSettings} from a provider instance's configuration node. The keys are
 * kernel-owned (they mean the same for every plugin) and kebab-case:
 * <pre>
 * connect-timeout: 10s          # TCP connect + proxy tunnel + TLS handshake
 * read-timeout: 120s            # longest silence while reading a response
 * request-timeout: 10m          # total deadline, body stream included; 0 or none = no deadline
 * proxies:                      # round-robin; a failing proxy is skipped for proxy-retry-after
 *   - name: corp-a              # optional label for logs (the URL never appears there)
 *     url: http://user:${PROXY_PASSWORD}@proxy-a:3128
 * use-environment-proxy: true   # HTTPS_PROXY / HTTP_PROXY / NO_PROXY when proxies is empty
 * trust-store: conf/upstream-ca.p12   # PKCS12 or JKS; default: the JDK's trust store
 * trust-store-password: ${TRUST_STORE_PASSWORD}
 * proxy-retry-after: 30s
 * tcp-no-delay: true                    # Nagle off on upstream sockets
 * </pre>
 * Durations take {@code 250ms}, {@code 30s}, {@code 5m}, {@code PT30S}, or bare seconds. Every error names
 * its full key path, and never echoes a proxy URL or a password.
 *
 * <p>Stateless and thread-safe.
 */
public final class TransportSettingsReader {
    public static final String CONNECT_TIMEOUT = "connect-timeout";
    public static final String READ_TIMEOUT = "read-timeout";
    public static final String REQUEST_TIMEOUT = "request-timeout";
    public static final String PROXIES = "proxies";
    public static final String USE_ENVIRONMENT_PROXY = "use-environment-proxy";
    public static final String TRUST_STORE = "trust-store";
    public static final String TRUST_STORE_PASSWORD = "trust-store-password";
    public static final String PROXY_RETRY_AFTER = "proxy-retry-after";
    public static final String TCP_NO_DELAY = "tcp-no-delay";

    /** Every key this reader owns on a provider instance, for the kernel's unknown-key check. */
    public static final Set<String> KEYS = Set.of(CONNECT_TIMEOUT, READ_TIMEOUT, REQUEST_TIMEOUT, PROXIES,
            USE_ENVIRONMENT_PROXY, TRUST_STORE, TRUST_STORE_PASSWORD, PROXY_RETRY_AFTER, TCP_NO_DELAY);

    /** The keys of one {@code proxies:} entry. */
    public static final Set<String> PROXY_KEYS = Set.of("name", "url");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{[^}]*}");

    private TransportSettingsReader() {
    }

    /** Reads {@code config}, taking proxy variables from the process environment. */
    public static TransportSettings read(PluginConfig config) throws ConfigException {
        return read(config, System.getenv());
    }

    /**
     * Reads {@code config}; {@code environment} supplies {@code HTTPS_PROXY} and friends (injectable for tests).
     * A relative {@code trust-store} path is resolved against the working directory (the gateway home).
     */
    public static TransportSettings read(PluginConfig config, Map<String, String> environment) throws ConfigException {
        Duration connect = positiveDuration(config, CONNECT_TIMEOUT, TransportSettings.DEFAULT_CONNECT_TIMEOUT);
        Duration read = positiveDuration(config, READ_TIMEOUT, TransportSettings.DEFAULT_READ_TIMEOUT);
        Duration total = requestTimeout(config);
        Duration retryAfter = config.duration(PROXY_RETRY_AFTER, ChronoUnit.SECONDS)
                .orElse(TransportSettings.DEFAULT_PROXY_RETRY_AFTER);
        if (retryAfter.isNegative()) {
            throw config.problem(PROXY_RETRY_AFTER, "must not be negative");
        }
        List<ProxySpec> proxies = proxies(config);
        boolean useEnv = config.bool(USE_ENVIRONMENT_PROXY, true);
        Path trustStore = null;
        char[] password = secret(config, TRUST_STORE_PASSWORD).map(String::toCharArray).orElse(null);
        Optional<String> store = config.string(TRUST_STORE).filter(s -> !s.isBlank());
        if (store.isPresent()) {
            trustStore = Path.of(store.get().trim());
            try {
                TrustStores.load(trustStore, password); // fail at startup, not on the first call
            } catch (Exception e) {
                throw config.problem(TRUST_STORE, e.getMessage());
            }
        } else if (password != null) {
            throw config.problem(TRUST_STORE_PASSWORD, "is set but " + config.keyPath(TRUST_STORE) + " is not");
        }
        return new TransportSettings(connect, read, total, proxies, useEnv, environment, trustStore, password,
                retryAfter, config.bool(TCP_NO_DELAY, true));
    }

    /**
     * A secret value. A left-over {@code ${VAR}} is an error that names only the variables: unlike
     * {@link PluginConfig#secret}, the message never repeats the value, which may hold a literal password
     * next to the placeholder ({@code http://user:pw@${PROXY_HOST}:3128}).
     */
    private static Optional<String> secret(PluginConfig config, String key) throws ConfigException {
        Optional<String> value = config.string(key).filter(s -> !s.isBlank());
        if (value.isPresent() && PluginConfig.isUnresolved(value.get())) {
            List<String> variables = new ArrayList<>();
            Matcher m = PLACEHOLDER.matcher(value.get());
            while (m.find()) {
                variables.add(m.group());
            }
            throw config.problem(key, (variables.size() == 1 ? "environment variable " : "environment variables ")
                    + String.join(", ", variables) + (variables.size() == 1 ? " is" : " are") + " not set");
        }
        return value;
    }

    private static Duration positiveDuration(PluginConfig config, String key, Duration defaultValue)
            throws ConfigException {
        Duration d = config.duration(key, ChronoUnit.SECONDS).orElse(defaultValue);
        if (d.isZero() || d.isNegative()) {
            throw config.problem(key, "must be positive");
        }
        return d;
    }

    /** The total deadline; null for none. */
    private static Duration requestTimeout(PluginConfig config) throws ConfigException {
        Optional<String> raw = config.string(REQUEST_TIMEOUT);
        if (raw.isPresent() && raw.get().trim().toLowerCase(Locale.ROOT).equals("none")) {
            return null;
        }
        Duration d = config.duration(REQUEST_TIMEOUT, ChronoUnit.SECONDS)
                .orElse(TransportSettings.DEFAULT_TOTAL_TIMEOUT);
        if (d.isNegative()) {
            throw config.problem(REQUEST_TIMEOUT, "must not be negative (0 or none = no deadline)");
        }
        return d.isZero() ? null : d;
    }

    private static List<ProxySpec> proxies(PluginConfig config) throws ConfigException {
        List<PluginConfig> entries = config.children(PROXIES);
        List<ProxySpec> out = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            PluginConfig entry = entries.get(i);
            entry.rejectUnknownKeys(PROXY_KEYS);
            String url = secret(entry, "url").orElse(null);
            if (url == null) {
                throw entry.problem("url", "is required (an http://[user:pass@]host:port URL)");
            }
            String name = entry.string("name").filter(s -> !s.isBlank()).orElse(PROXIES + "[" + i + "]");
            URI uri;
            try {
                uri = new URI(url.trim());
            } catch (URISyntaxException e) {
                throw entry.problem("url", "is not a valid URL");
            }
            if (uri.getScheme() == null || !uri.getScheme().equalsIgnoreCase("http") || uri.getHost() == null) {
                throw entry.problem("url", "must be an absolute http:// URL with a host (https proxies are not"
                        + " supported)");
            }
            try {
                out.add(new ProxySpec(name, uri));
            } catch (IllegalArgumentException e) {
                throw entry.problem("url", e.getMessage()); // ProxySpec's messages never repeat the URL
            }
        }
        return out;
    }
}
