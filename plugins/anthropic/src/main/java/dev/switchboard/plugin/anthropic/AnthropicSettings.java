package dev.switchboard.plugin.anthropic;

import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.PluginConfig;
import dev.switchboard.spi.model.SignatureOrigin;
import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One {@code anthropic} instance's configuration, read and checked once at startup (every key is documented in
 * {@code plugins/anthropic/README.md}). Immutable and thread-safe.
 *
 * @param baseUrl          the API root without {@code /v1} ({@code https://api.anthropic.com},
 *                         {@code https://api.deepseek.com/anthropic})
 * @param anthropicVersion the configured {@code anthropic-version}, or null to send the client's (else the default)
 * @param extraHeaders     headers added to every upstream request
 * @param models           the model table and map
 * @param clamps           {@code max-output-tokens}
 * @param betas            {@code beta-headers}
 * @param dropFields       top-level request fields never sent upstream
 * @param signatures       who issues this upstream's thinking signatures
 * @param healthCheck      the probe ({@code health-check-mode})
 * @param healthCheckModel the model a completion probe asks for, or null
 * @param upstreamCount    whether {@code count_tokens} is asked of the upstream ({@code count-tokens: upstream})
 * @param countTimeout     how long such a count may take before the gateway answers with its estimate
 *                         ({@code count-tokens-timeout})
 * @param stripCacheTtl    whether {@code ttl} is removed from every {@code cache_control} ({@code cache-ttl: strip})
 */
record AnthropicSettings(String baseUrl, String anthropicVersion, Map<String, String> extraHeaders, ModelTable models,
                         OutputTokenClamps clamps, BetaPolicy betas, Set<String> dropFields, SignatureOrigin signatures,
                         HealthCheckMode healthCheck, String healthCheckModel, boolean upstreamCount,
                         Duration countTimeout, boolean stripCacheTtl) {
    static final String BASE_URL = "base-url";
    static final String ANTHROPIC_VERSION = "anthropic-version";
    static final String EXTRA_HEADERS = "extra-headers";
    static final String DROP_FIELDS = "drop-fields";
    static final String SIGNATURE_FAMILY = "signature-family";
    static final String HEALTH_CHECK_MODE = "health-check-mode";
    static final String HEALTH_CHECK_MODEL = "health-check-model";
    static final String COUNT_TOKENS = "count-tokens";
    static final String COUNT_TOKENS_TIMEOUT = "count-tokens-timeout";
    /**
     * A count is a hint that clients ask for often (Claude Code dozens of times per {@code /context}) and wait for:
     * an upstream that is slow to count must not hold them for the chat timeouts (minutes), when the estimate is
     * there at once.
     */
    static final Duration DEFAULT_COUNT_TIMEOUT = Duration.ofSeconds(10);
    static final String CACHE_TTL = "cache-ttl";

    static final String DEFAULT_BASE_URL = "https://api.anthropic.com";
    static final String DEFAULT_VERSION = "2023-06-01";
    /** Fields without which there is no Messages request. */
    private static final Set<String> ESSENTIAL_FIELDS = Set.of("model", "messages", "max_tokens", "stream");
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** Headers the gateway owns: framing, the credential, and those another key decides. */
    private static final Set<String> RESERVED_HEADERS = Set.of("host", "content-length", "transfer-encoding",
            "connection", "content-type", "x-api-key", "authorization", "anthropic-version", "anthropic-beta");

    /** How the scheduled probe checks an account. */
    enum HealthCheckMode {
        /** {@code GET /v1/models}: validates the key without spending tokens (Anthropic's API has it). */
        MODELS,
        /** A one-token completion, for endpoints without a model list. */
        COMPLETION
    }

    /** Every instance key this plugin owns (the kernel adds its pool, transport and account keys). */
    static Set<String> keys() {
        return new LinkedHashSet<>(List.of(BASE_URL, ANTHROPIC_VERSION, EXTRA_HEADERS, ModelTable.MODELS,
                ModelTable.MODEL_MAP, OutputTokenClamps.KEY, BetaPolicy.KEY, DROP_FIELDS, SIGNATURE_FAMILY,
                HEALTH_CHECK_MODE, HEALTH_CHECK_MODEL, COUNT_TOKENS, COUNT_TOKENS_TIMEOUT, CACHE_TTL));
    }

    /**
     * Reads an instance's configuration.
     *
     * @throws ConfigException naming the key and the problem
     */
    static AnthropicSettings read(PluginConfig c) throws ConfigException {
        String baseUrl = c.url(BASE_URL).orElse(DEFAULT_BASE_URL);
        if (baseUrl.endsWith("/v1")) {
            throw c.problem(BASE_URL, "is the API root without /v1 (the plugin appends /v1/messages), got '"
                    + baseUrl + "'");
        }
        String version = c.string(ANTHROPIC_VERSION).map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
        if (version != null && !TOKEN.matcher(version).matches()) {
            throw c.problem(ANTHROPIC_VERSION, "must be a version such as " + DEFAULT_VERSION + ", got '" + version + "'");
        }
        ModelTable models = ModelTable.read(c);
        HealthCheckMode mode = switch (c.string(HEALTH_CHECK_MODE, "models").strip().toLowerCase(Locale.ROOT)) {
            case "models" -> HealthCheckMode.MODELS;
            case "completion" -> HealthCheckMode.COMPLETION;
            default -> throw c.problem(HEALTH_CHECK_MODE, "must be models or completion (the kernel's health-check: "
                    + "false turns the probe off)");
        };
        String probeModel = c.string(HEALTH_CHECK_MODEL).map(String::strip).filter(s -> !s.isEmpty())
                .orElse(mode == HealthCheckMode.COMPLETION ? models.firstUpstreamModel() : null);
        if (mode == HealthCheckMode.COMPLETION && probeModel == null) {
            throw c.problem(HEALTH_CHECK_MODEL, "is required with health-check-mode: completion when the instance lists "
                    + "no models");
        }
        return new AnthropicSettings(baseUrl, version, extraHeaders(c), models, OutputTokenClamps.read(c),
                BetaPolicy.read(c), dropFields(c), signatures(c, baseUrl), mode, probeModel, upstreamCount(c, baseUrl),
                countTimeout(c), stripCacheTtl(c, baseUrl));
    }

    /**
     * {@code count-tokens}: Anthropic's API has {@code /v1/messages/count_tokens}, so it is asked by default; most
     * compatible endpoints lack it, so they are estimated by default rather than sent a call that 404s on every count.
     */
    private static boolean upstreamCount(PluginConfig c, String baseUrl) throws ConfigException {
        String fallback = isAnthropicApi(baseUrl) ? "upstream" : "estimate";
        return switch (c.string(COUNT_TOKENS, fallback).strip().toLowerCase(Locale.ROOT)) {
            case "upstream" -> true;
            case "estimate" -> false;
            default -> throw c.problem(COUNT_TOKENS, "must be upstream or estimate");
        };
    }

    private static Duration countTimeout(PluginConfig c) throws ConfigException {
        Duration d = c.duration(COUNT_TOKENS_TIMEOUT, ChronoUnit.SECONDS).orElse(DEFAULT_COUNT_TIMEOUT);
        if (d.isNegative() || d.isZero()) {
            throw c.problem(COUNT_TOKENS_TIMEOUT, "must be a positive duration such as 10s, got " + d);
        }
        return d;
    }

    /**
     * {@code cache-ttl}: Anthropic's API takes a {@code cache_control.ttl} ({@code "5m"}, {@code "1h"}), which Claude
     * Code sends for long-lived prompts; compatible endpoints that validate {@code cache_control} strictly refuse the
     * whole request for it. So it passes to Anthropic's API and is stripped elsewhere unless configured otherwise.
     */
    private static boolean stripCacheTtl(PluginConfig c, String baseUrl) throws ConfigException {
        String fallback = isAnthropicApi(baseUrl) ? "pass" : "strip";
        return switch (c.string(CACHE_TTL, fallback).strip().toLowerCase(Locale.ROOT)) {
            case "pass" -> false;
            case "strip" -> true;
            default -> throw c.problem(CACHE_TTL, "must be pass or strip");
        };
    }

    private static boolean isAnthropicApi(String baseUrl) {
        return URI.create(baseUrl).getHost().toLowerCase(Locale.ROOT).equals("api.anthropic.com");
    }

    private static Map<String, String> extraHeaders(PluginConfig c) throws ConfigException {
        Map<String, String> extra = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : c.stringMap(EXTRA_HEADERS).entrySet()) {
            String name = e.getKey().strip();
            String key = EXTRA_HEADERS + "." + name;
            if (!TOKEN.matcher(name).matches()) {
                throw c.problem(key, "is not a valid header name");
            }
            if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw c.problem(key, "is set by the gateway (credentials come from the accounts, the version from "
                        + ANTHROPIC_VERSION + ", betas from " + BetaPolicy.KEY + ")");
            }
            if (e.getValue().indexOf('\r') >= 0 || e.getValue().indexOf('\n') >= 0) {
                throw c.problem(key, "must not contain line breaks");
            }
            if (PluginConfig.isUnresolved(e.getValue())) {
                throw c.problem(key, "environment variable " + e.getValue() + " is not set");
            }
            extra.put(name.toLowerCase(Locale.ROOT), e.getValue());
        }
        return Collections.unmodifiableMap(extra);
    }

    private static Set<String> dropFields(PluginConfig c) throws ConfigException {
        Set<String> drop = new LinkedHashSet<>();
        for (String f : c.strings(DROP_FIELDS)) {
            String field = f.strip();
            if (ESSENTIAL_FIELDS.contains(field)) {
                throw c.problem(DROP_FIELDS, "cannot drop '" + field + "'");
            }
            if (!field.isEmpty()) {
                drop.add(field);
            }
        }
        return Collections.unmodifiableSet(drop);
    }

    /**
     * Anthropic's own API issues Anthropic signatures; any other host issues its own, named after the host, so two
     * instances on the same vendor share their signatures and a conversation moving to another vendor drops them.
     */
    private static SignatureOrigin signatures(PluginConfig c, String baseUrl) throws ConfigException {
        String configured = c.string(SIGNATURE_FAMILY).map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
        if (configured != null) {
            try {
                return new SignatureOrigin(configured, SignatureOrigin.THINKING_SIGNATURE);
            } catch (IllegalArgumentException e) {
                throw c.problem(SIGNATURE_FAMILY, "must be a lower-case name of letters, digits and -, got '"
                        + configured + "'");
            }
        }
        if (isAnthropicApi(baseUrl)) {
            return SignatureOrigin.ANTHROPIC;
        }
        String host = URI.create(baseUrl).getHost().toLowerCase(Locale.ROOT);
        String name = "compat-" + host.replaceAll("[^a-z0-9-]", "-");
        return new SignatureOrigin(name.length() > 64 ? name.substring(0, 64) : name, SignatureOrigin.THINKING_SIGNATURE);
    }

    /** {@code <base-url>/v1/messages}. */
    URI messagesUri() {
        return URI.create(baseUrl + "/v1/messages");
    }

    /** {@code <base-url>/v1/messages/count_tokens}. */
    URI countTokensUri() {
        return URI.create(baseUrl + "/v1/messages/count_tokens");
    }

    /** {@code <base-url>/v1/models}. */
    URI modelsUri() {
        return URI.create(baseUrl + "/v1/models");
    }
}
