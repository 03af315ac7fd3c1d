package dev.switchboard.plugin.kiro;

import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.PluginConfig;
import java.net.URI;
import java.util.Set;

/**
 * The upstream URLs of a {@code kiro} instance ({@code base-url} for the main host plus {@code endpoints: {chat,
 * usage, refresh, oidc, login}} for each URL). Templates may hold {@code {region}}, replaced by the API region (chat,
 * usage) or the credential's auth region (refresh, oidc). Immutable and thread-safe.
 *
 * @param chat    full URL of {@code generateAssistantResponse}
 * @param usage   full URL of {@code getUsageLimits} (without query)
 * @param refresh full URL of the social {@code refreshToken} endpoint
 * @param oidc    base URL of AWS SSO OIDC ({@code /client/register}, {@code /device_authorization}, {@code /token})
 * @param login   base URL of the Kiro social login ({@code /login}, {@code /oauth/token})
 */
public record KiroEndpoints(String chat, String usage, String refresh, String oidc, String login) {
    /** Default {@code base-url}: the host serving chat and usage. */
    public static final String DEFAULT_BASE = "https://q.{region}.amazonaws.com";
    static final String DEFAULT_REFRESH = "https://prod.{region}.auth.desktop.kiro.dev/refreshToken";
    static final String DEFAULT_OIDC = "https://oidc.{region}.amazonaws.com";
    static final String DEFAULT_LOGIN = "https://prod.us-east-1.auth.desktop.kiro.dev";
    static final Set<String> KEYS = Set.of("chat", "usage", "refresh", "oidc", "login");

    /** Reads {@code base-url} and {@code endpoints:} from an instance node. */
    public static KiroEndpoints fromConfig(PluginConfig config) throws ConfigException {
        String base = trimSlash(config.string("base-url", DEFAULT_BASE));
        check(config, "base-url", base);
        PluginConfig ep = config.child("endpoints").orElse(PluginConfig.of(null));
        ep.rejectUnknownKeys(KEYS);
        String chat = template(ep, "chat", base + "/generateAssistantResponse");
        String usage = template(ep, "usage", base + "/getUsageLimits");
        String refresh = template(ep, "refresh", DEFAULT_REFRESH);
        String oidc = template(ep, "oidc", DEFAULT_OIDC);
        String login = template(ep, "login", DEFAULT_LOGIN);
        return new KiroEndpoints(chat, usage, refresh, oidc, login);
    }

    /** All endpoints on one base URL (tests aim every endpoint at one fake). */
    public static KiroEndpoints allAt(String base) {
        String b = trimSlash(base);
        return new KiroEndpoints(b + "/generateAssistantResponse", b + "/getUsageLimits", b + "/refreshToken", b, b);
    }

    private static String template(PluginConfig ep, String key, String def) throws ConfigException {
        String v = trimSlash(ep.string(key, def).trim());
        check(ep, key, v);
        return v;
    }

    private static void check(PluginConfig config, String key, String template) throws ConfigException {
        String probe = fill(template, "us-east-1");
        try {
            URI u = URI.create(probe);
            if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
                    || u.getHost() == null) {
                throw config.problem(key, "must be an absolute http(s) URL (it may hold {region}), got '" + template + "'");
            }
        } catch (IllegalArgumentException e) {
            throw config.problem(key, "must be an absolute http(s) URL (it may hold {region}), got '" + template + "'");
        }
    }

    private static String trimSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static String fill(String template, String region) {
        return template.replace("{region}", region);
    }

    public URI chatUri(String apiRegion) {
        return URI.create(fill(chat, apiRegion));
    }

    /** The usage-limits URL with the Kiro IDE's query, in its order; {@code profileArn} only when non-null. */
    public URI usageUri(String apiRegion, String profileArn) {
        StringBuilder q = new StringBuilder("isEmailRequired=true&origin=AI_EDITOR&resourceType=AGENTIC_REQUEST");
        if (profileArn != null) {
            q.append("&profileArn=").append(java.net.URLEncoder.encode(profileArn, java.nio.charset.StandardCharsets.UTF_8));
        }
        return URI.create(fill(usage, apiRegion) + "?" + q);
    }

    public URI refreshUri(String authRegion) {
        return URI.create(fill(refresh, authRegion));
    }

    /** An OIDC operation: {@code /client/register}, {@code /device_authorization} or {@code /token}. */
    public URI oidcUri(String authRegion, String path) {
        return URI.create(fill(oidc, authRegion) + path);
    }

    /** A login operation: {@code /login} or {@code /oauth/token}. */
    public URI loginUri(String path) {
        return URI.create(fill(login, "us-east-1") + path);
    }
}
