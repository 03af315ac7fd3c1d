package dev.switchboard.plugin.factory;

import dev.switchboard.plugin.factory.model.ModelEntry;
import dev.switchboard.plugin.factory.model.ModelFamily;
import dev.switchboard.plugin.factory.model.ModelTable;
import dev.switchboard.plugin.factory.model.ReasoningBudgets;
import dev.switchboard.plugin.factory.model.ReasoningLevel;
import dev.switchboard.plugin.factory.shaping.PromptRewrites;
import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.PluginConfig;
import jakarta.json.JsonValue;
import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A factory provider instance's configuration, parsed and checked once at startup (every problem names its
 * key). Keys are kebab-case; see the plugin README for each key and its default. Immutable and
 * thread-safe.
 *
 * @param endpoints             base URL, path and extra headers per family
 * @param workosBaseUrl         WorkOS API base for refresh grants
 * @param workosClientId        the Factory CLI's WorkOS client id
 * @param billingBaseUrl        base of the billing endpoints (quota probe and default health check)
 * @param userAgent             {@code user-agent} sent upstream
 * @param version               the CLI version found in {@code user-agent} ({@code x-client-version})
 * @param systemPrompt          the Droid prompt injected first ({@code ""} = none)
 * @param models                model table and redirects
 * @param allowClientKeyHeader  honour a client's {@code X-Factory-API-Key}
 * @param passthroughClientAuth forward the client's {@code Authorization} when no account is configured
 * @param budgets               thinking budgets per level
 * @param extraHeaders          headers added to every LLM request (after the computed ones)
 * @param rewrites              literal prompt rewrites (plugins/factory/README.md#default-prompt-rewrites)
 * @param healthProbe           {@code billing} (default, spends nothing) or {@code chat}
 * @param healthProbeModel      the model the chat probe asks
 * @param refreshMargin         refresh an access token this long before it expires
 * @param apiKeyEnv             environment variable holding an extra static key ({@code ""} = none)
 */
public record FactorySettings(Map<ModelFamily, Endpoint> endpoints, String workosBaseUrl, String workosClientId,
                              String billingBaseUrl, String userAgent, String version, String systemPrompt,
                              ModelTable models, boolean allowClientKeyHeader, boolean passthroughClientAuth,
                              ReasoningBudgets budgets, Map<String, String> extraHeaders, PromptRewrites rewrites,
                              HealthProbe healthProbe, String healthProbeModel, Duration refreshMargin,
                              String apiKeyEnv) {

    public static final String DEFAULT_BASE_URL = "https://api.factory.ai";
    public static final String DEFAULT_WORKOS_BASE_URL = "https://api.workos.com";
    /** The Factory CLI's WorkOS client id; the key-pool fork's "client_factory" fails with invalid_client. */
    public static final String DEFAULT_WORKOS_CLIENT_ID = "client_01HNM792M5G5G1A2THWPXKFMXB";
    public static final String DEFAULT_USER_AGENT = "factory-cli/0.85.0";
    /** x-client-version when the user agent holds no version. */
    public static final String FALLBACK_VERSION = "0.84.0";
    public static final String DEFAULT_SYSTEM_PROMPT = "You are Droid, an AI software engineering agent built by Factory.\n\n";
    public static final String DEFAULT_HEALTH_PROBE_MODEL = "claude-sonnet-4-5-20250929";

    /** Plugin-owned instance keys (the kernel's own keys are not repeated here). */
    public static final Set<String> KEYS = Set.of("base-url", "endpoints", "workos-base-url", "workos-client-id",
            "billing-base-url", "user-agent", "system-prompt", "models", "model-redirects", "infer-unknown-models",
            "allow-client-key-header", "passthrough-client-auth", "reasoning-budgets", "extra-headers",
            "prompt-rewrites", "health-probe", "health-probe-model", "refresh-margin", "api-key-env");
    private static final Set<String> MODEL_KEYS = Set.of("id", "type", "reasoning", "provider", "fast", "system-prompt");
    private static final Set<String> ENDPOINT_KEYS = Set.of("base-url", "path", "extra-headers");
    private static final Pattern VERSION = Pattern.compile("(\\d+\\.\\d+\\.\\d+)");

    /** How the scheduled health check probes an account. */
    public enum HealthProbe { BILLING, CHAT }

    /**
     * One family's upstream address.
     *
     * @param baseUrl      scheme, host and optional path prefix, no trailing slash
     * @param path         the family's path
     * @param extraHeaders headers added to this family's requests only
     */
    public record Endpoint(String baseUrl, String path, Map<String, String> extraHeaders) {
        public Endpoint {
            extraHeaders = Map.copyOf(extraHeaders);
        }

        public URI uri() {
            return URI.create(baseUrl + path);
        }
    }

    /** Parses and checks an instance's configuration. */
    public static FactorySettings from(PluginConfig c) throws ConfigException {
        String base = c.url("base-url").orElse(DEFAULT_BASE_URL);
        Map<ModelFamily, Endpoint> endpoints = endpoints(c, base);
        String ua = c.string("user-agent", DEFAULT_USER_AGENT);
        Matcher m = VERSION.matcher(ua);
        String version = m.find() ? m.group(1) : FALLBACK_VERSION;
        String prompt = prompt(c.string("system-prompt").orElse(null), DEFAULT_SYSTEM_PROMPT);
        Map<String, String> redirects = c.has("model-redirects") ? c.stringMap("model-redirects")
                : ModelTable.defaultRedirects();
        ModelTable models = new ModelTable(models(c), redirects, c.bool("infer-unknown-models", true));
        String probe = c.string("health-probe", "billing").trim().toLowerCase(Locale.ROOT);
        HealthProbe healthProbe = switch (probe) {
            case "billing" -> HealthProbe.BILLING;
            case "chat" -> HealthProbe.CHAT;
            default -> throw c.problem("health-probe", "must be 'billing' or 'chat', got '" + probe + "'");
        };
        Duration margin = c.duration("refresh-margin", ChronoUnit.SECONDS).orElse(Duration.ofMinutes(5));
        if (margin.isNegative()) {
            throw c.problem("refresh-margin", "must not be negative");
        }
        return new FactorySettings(endpoints, c.url("workos-base-url").orElse(DEFAULT_WORKOS_BASE_URL),
                c.string("workos-client-id", DEFAULT_WORKOS_CLIENT_ID),
                // Defaults to base-url, so an instance pointed at a fake or a regional host calls nothing else.
                c.url("billing-base-url").orElse(base), ua, version, prompt, models,
                c.bool("allow-client-key-header", true), c.bool("passthrough-client-auth", false), budgets(c),
                c.stringMap("extra-headers"), rewrites(c), healthProbe,
                c.string("health-probe-model", DEFAULT_HEALTH_PROBE_MODEL), margin,
                c.string("api-key-env", "FACTORY_API_KEY").trim());
    }

    /** The endpoint of a family. */
    public Endpoint endpoint(ModelFamily family) {
        return endpoints.get(family);
    }

    /**
     * A system-prompt value: absent → the default; {@code false}/{@code off}/{@code no}/empty → none;
     * {@code true}/{@code on}/{@code yes} → the default; anything else is the prompt text.
     */
    static String prompt(String raw, String dflt) {
        if (raw == null) {
            return dflt;
        }
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "", "false", "off", "no" -> "";
            case "true", "on", "yes" -> dflt;
            default -> raw;
        };
    }

    private static Map<ModelFamily, Endpoint> endpoints(PluginConfig c, String base) throws ConfigException {
        Map<ModelFamily, Endpoint> out = new EnumMap<>(ModelFamily.class);
        PluginConfig node = c.child("endpoints").orElse(null);
        if (node != null) {
            Set<String> known = new java.util.HashSet<>();
            for (ModelFamily f : ModelFamily.values()) {
                known.add(f.wire());
            }
            node.rejectUnknownKeys(known);
        }
        for (ModelFamily f : ModelFamily.values()) {
            String url = base;
            String path = f.defaultPath();
            Map<String, String> headers = Map.of();
            if (node != null && node.has(f.wire())) {
                if (node.json().get(f.wire()).getValueType() == JsonValue.ValueType.OBJECT) {
                    PluginConfig e = node.child(f.wire()).orElseThrow();
                    e.rejectUnknownKeys(ENDPOINT_KEYS);
                    url = e.url("base-url").orElse(base);
                    path = e.string("path", path);
                    headers = e.stringMap("extra-headers");
                } else {
                    url = node.url(f.wire()).orElse(base);
                }
            }
            if (!path.startsWith("/")) {
                throw c.problem("endpoints." + f.wire() + ".path", "must start with '/', got '" + path + "'");
            }
            out.put(f, new Endpoint(url, path, headers));
        }
        return out;
    }

    private static List<ModelEntry> models(PluginConfig c) throws ConfigException {
        if (!c.has("models")) {
            return ModelTable.defaults();
        }
        List<ModelEntry> out = new ArrayList<>();
        Map<String, Boolean> seen = new LinkedHashMap<>();
        for (PluginConfig m : c.children("models")) {
            m.rejectUnknownKeys(MODEL_KEYS);
            String id = m.requireString("id");
            if (seen.put(id, true) != null) {
                throw m.problem("id", "duplicate model id '" + id + "'");
            }
            String t = m.requireString("type");
            ModelFamily type = ModelFamily.fromWire(t);
            if (type == null) {
                throw m.problem("type", "must be anthropic, openai, common or google, got '" + t + "'");
            }
            String r = m.string("reasoning").orElse(null);
            if (r != null && !ReasoningLevel.isKnown(r)) {
                throw m.problem("reasoning", "must be auto, off, low, medium, high or xhigh, got '" + r + "'");
            }
            String sp = m.string("system-prompt").orElse(null);
            out.add(new ModelEntry(id, type, ReasoningLevel.parse(r), m.string("provider").orElse(null),
                    // true/on → null (the instance prompt), false/off → "" (none), other text → that prompt.
                    m.bool("fast", false), sp == null ? null : prompt(sp, null)));
        }
        return out;
    }

    private static ReasoningBudgets budgets(PluginConfig c) throws ConfigException {
        PluginConfig b = c.child("reasoning-budgets").orElse(null);
        if (b == null) {
            return ReasoningBudgets.DEFAULTS;
        }
        b.rejectUnknownKeys(Set.of("low", "medium", "high", "xhigh"));
        ReasoningBudgets d = ReasoningBudgets.DEFAULTS;
        ReasoningBudgets r = new ReasoningBudgets(b.integer("low", d.low()), b.integer("medium", d.medium()),
                b.integer("high", d.high()), b.integer("xhigh", d.xhigh()));
        for (String k : List.of("low", "medium", "high", "xhigh")) {
            if (r.budget(ReasoningLevel.parse(k)) < 1024) {
                throw b.problem(k, "must be at least 1024 (Anthropic's smallest thinking budget)");
            }
        }
        return r;
    }

    private static PromptRewrites rewrites(PluginConfig c) throws ConfigException {
        if (!c.has("prompt-rewrites")) {
            return PromptRewrites.defaults();
        }
        List<PromptRewrites.Rule> rules = new ArrayList<>();
        for (PluginConfig r : c.children("prompt-rewrites")) {
            r.rejectUnknownKeys(Set.of("from", "to"));
            String from = r.string("from").orElse("");
            if (from.isEmpty()) {
                throw r.problem("from", "is required and must not be empty");
            }
            rules.add(new PromptRewrites.Rule(from, r.string("to", "")));
        }
        return new PromptRewrites(rules);
    }
}
