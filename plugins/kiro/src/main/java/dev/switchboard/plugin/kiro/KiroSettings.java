package dev.switchboard.plugin.kiro;

import dev.switchboard.plugin.kiro.convert.ConversionOptions;
import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.PluginConfig;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything a {@code kiro} provider instance reads from its YAML node (plugin-owned keys only; see the module
 * README for each key and default). Immutable and thread-safe.
 *
 * @param endpoints          upstream URLs
 * @param models             model table
 * @param apiRegion          {@code api-region}: region of chat and usage calls unless the account names one
 * @param identity           the client identity in the Kiro IDE's headers
 * @param refreshMargin      {@code refresh-margin-seconds}: refresh this long before expiry
 * @param conversion         request-conversion settings
 * @param allowOverage       {@code allow-overage}: count enabled overage as remaining quota
 * @param healthCheckMode    {@code health-check-mode}
 * @param healthCheckModel   {@code health-check-model}: the model of a {@code chat} health check
 * @param callbackPortFrom   first port of {@code callback-ports} (0 = any free port)
 * @param callbackPortTo     last port of {@code callback-ports}
 * @param callbackHost       {@code callback-host}: host name in the PKCE {@code redirect_uri}
 * @param flowTtl            {@code flow-ttl}: how long flow records and the callback listener live
 * @param builderIdStartUrl  {@code builder-id-start-url}
 * @param deviceCodeRegion   {@code device-code-region}: OIDC region of Builder ID device flows
 */
public record KiroSettings(KiroEndpoints endpoints, KiroModels models, String apiRegion, ClientIdentity identity,
                           Duration refreshMargin, ConversionOptions conversion, boolean allowOverage,
                           HealthCheckMode healthCheckMode, String healthCheckModel, int callbackPortFrom,
                           int callbackPortTo, String callbackHost, Duration flowTtl, String builderIdStartUrl,
                           String deviceCodeRegion) {

    /** Plugin-owned instance keys (the kernel adds its own). */
    public static final Set<String> KEYS = Set.of("base-url", "endpoints", "api-region", "kiro-version",
            "node-version", "os", "sdk-request", "agent-mode", "opt-out", "refresh-margin-seconds", "system-prompt",
            "max-body-bytes", "body-overflow", "max-tool-description-chars", "max-tools", "thinking-mode",
            "task-fields", "models", "allow-overage", "health-check-mode", "health-check-model", "callback-ports",
            "callback-host", "flow-ttl", "builder-id-start-url", "device-code-region");
    /** Builder ID's start URL. */
    public static final String BUILDER_ID_START_URL = "https://view.awsapps.com/start";
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
    private static final Pattern PORTS = Pattern.compile("\\s*(\\d{1,5})\\s*(?:-\\s*(\\d{1,5})\\s*)?");

    /** {@code health-check-mode} values. */
    public enum HealthCheckMode {
        /** A valid token and a 200 from getUsageLimits; spends no credits. */
        USAGE,
        /** A tiny chat request, as the reference proxy does. */
        CHAT
    }

    /** All defaults, endpoints at the real service. */
    public static KiroSettings defaults() {
        try {
            return fromConfig(PluginConfig.of(null));
        } catch (ConfigException e) {
            throw new IllegalStateException("the built-in defaults are invalid", e);
        }
    }

    /** Parses an instance node, reporting problems with their key path. */
    public static KiroSettings fromConfig(PluginConfig c) throws ConfigException {
        KiroEndpoints endpoints = KiroEndpoints.fromConfig(c);
        KiroModels models = KiroModels.fromConfig(c);
        String apiRegion = region(c, "api-region", "us-east-1");
        ClientIdentity d = ClientIdentity.defaults();
        Boolean optOut = c.has("opt-out") ? c.bool("opt-out", false) : null;
        ClientIdentity identity = new ClientIdentity(c.string("kiro-version", d.kiroVersion()),
                c.string("node-version", d.nodeVersion()), c.string("os", d.os()),
                c.string("sdk-request", d.sdkRequest()), c.string("agent-mode", d.agentMode()), optOut);
        int margin = c.integer("refresh-margin-seconds", 600);
        if (margin < 0) {
            throw c.problem("refresh-margin-seconds", "must not be negative");
        }
        ConversionOptions conversion = conversion(c);
        HealthCheckMode hc = switch (c.string("health-check-mode", "usage")) {
            case "usage" -> HealthCheckMode.USAGE;
            case "chat" -> HealthCheckMode.CHAT;
            default -> throw c.problem("health-check-mode", "must be usage or chat");
        };
        String hcModel = c.string("health-check-model", "claude-haiku-4-5");
        if (models.find(hcModel).isEmpty()) {
            throw c.problem("health-check-model", "model '" + hcModel + "' is not in the model table");
        }
        int[] ports = ports(c);
        Duration ttl = c.duration("flow-ttl", ChronoUnit.SECONDS).orElse(Duration.ofMinutes(10));
        if (ttl.isNegative() || ttl.isZero()) {
            throw c.problem("flow-ttl", "must be positive");
        }
        String startUrl = c.string("builder-id-start-url", BUILDER_ID_START_URL);
        if (!startUrl.startsWith("https://")) {
            throw c.problem("builder-id-start-url", "must be an https URL");
        }
        return new KiroSettings(endpoints, models, apiRegion, identity, Duration.ofSeconds(margin), conversion,
                c.bool("allow-overage", false), hc, hcModel, ports[0],
                ports[1], c.string("callback-host", "localhost"), ttl, startUrl,
                region(c, "device-code-region", "us-east-1"));
    }

    private static ConversionOptions conversion(PluginConfig c) throws ConfigException {
        ConversionOptions d = ConversionOptions.defaults();
        ConversionOptions.Overflow overflow = ConversionOptions.Overflow.fromWire(
                c.string("body-overflow", d.overflow().wire()));
        if (overflow == null) {
            throw c.problem("body-overflow", "must be reject or trim-oldest");
        }
        ConversionOptions.ThinkingMode thinking = ConversionOptions.ThinkingMode.fromWire(
                c.string("thinking-mode", d.thinkingMode().wire()));
        if (thinking == null) {
            throw c.problem("thinking-mode", "must be off or prompt-tags");
        }
        int maxBody = positive(c, "max-body-bytes", d.maxBodyBytes());
        int maxDesc = positive(c, "max-tool-description-chars", d.maxToolDescriptionChars());
        int maxTools = c.integer("max-tools", 0);
        if (maxTools < 0) {
            throw c.problem("max-tools", "must be 0 (no cap) or positive");
        }
        return new ConversionOptions(c.string("system-prompt", ""), maxBody, overflow, maxDesc, maxTools, thinking,
                c.bool("task-fields", false));
    }

    private static int positive(PluginConfig c, String key, int def) throws ConfigException {
        int v = c.integer(key, def);
        if (v <= 0) {
            throw c.problem(key, "must be positive");
        }
        return v;
    }

    private static int[] ports(PluginConfig c) throws ConfigException {
        String raw = c.string("callback-ports", "19876-19880");
        Matcher m = PORTS.matcher(raw);
        if (!m.matches()) {
            throw c.problem("callback-ports", "must be a port or a range such as 19876-19880, got '" + raw + "'");
        }
        int from = Integer.parseInt(m.group(1));
        int to = m.group(2) == null ? from : Integer.parseInt(m.group(2));
        if (from > 65535 || to > 65535 || to < from) {
            throw c.problem("callback-ports", "must be a port or an ascending range within 0-65535, got '" + raw + "'");
        }
        return new int[] {from, to};
    }

    private static String region(PluginConfig c, String key, String def) throws ConfigException {
        String r = c.string(key, def).trim();
        if (!isRegion(r)) {
            throw c.problem(key, "must be an AWS region such as us-east-1, got '" + r + "'");
        }
        return r;
    }

    /** True for strings shaped like an AWS region ({@code eu-west-1}). */
    public static boolean isRegion(String s) {
        return s != null && REGION.matcher(s).matches();
    }
}
