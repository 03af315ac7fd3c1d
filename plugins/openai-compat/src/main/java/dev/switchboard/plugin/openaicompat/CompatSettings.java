package dev.switchboard.plugin.openaicompat;

import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.PluginConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The plugin-owned keys of one {@code openai-compat} provider instance, read and checked once at startup.
 * Immutable and thread-safe.
 *
 * @param baseUrl          the backend's API root, without a trailing slash ({@code http://127.0.0.1:11434/v1})
 * @param profile          the resolved backend profile
 * @param extraHeaders     headers added to every upstream call (e.g. {@code OpenAI-Organization})
 * @param authHeader       lower-case header that carries the account's key; {@code authorization} sends
 *                         {@code Bearer <key>}, any other name (Azure's {@code api-key}) sends the bare key
 * @param models           concrete backend model ids this instance offers
 * @param modelMap         client model → backend model
 * @param healthCheckMode  how the scheduled account probe checks a key
 * @param healthCheckModel the model a completion probe asks for (null in {@code models} mode)
 * @param passThrough      relay OpenAI-chat clients' bytes when nothing needs rewriting
 * @param maxOutputTokens  output caps per backend model
 * @param dropFields       top-level request fields never sent to this backend (it rejects them)
 */
record CompatSettings(String baseUrl, BackendProfile profile, Map<String, String> extraHeaders,
                             String authHeader, List<String> models, ModelMap modelMap, HealthCheckMode healthCheckMode,
                             String healthCheckModel, boolean passThrough, OutputTokenLimits maxOutputTokens,
                             Set<String> dropFields) {

    /** The scheduled probe's request. */
    public enum HealthCheckMode {
        /** {@code GET <base-url>/models}: free, proves the key is accepted. */
        MODELS,
        /** A one-token chat completion: costs a token, also proves the model answers. */
        COMPLETION
    }

    public static final String BASE_URL = "base-url";
    public static final String PROFILE = "profile";
    public static final String EXTRA_HEADERS = "extra-headers";
    public static final String AUTH_HEADER = "auth-header";
    public static final String MODELS = "models";
    public static final String MODEL_MAP = "model-map";
    public static final String HEALTH_CHECK_MODE = "health-check-mode";
    public static final String HEALTH_CHECK_MODEL = "health-check-model";
    public static final String PASS_THROUGH = "pass-through";
    public static final String DROP_FIELDS = "drop-fields";
    /** The account key holding the backend API key. */
    public static final String API_KEY = "api-key";

    /** Every instance key this plugin owns (the kernel adds its pool, transport and account keys). */
    public static Set<String> keys() {
        Set<String> keys = new LinkedHashSet<>(List.of(BASE_URL, PROFILE, EXTRA_HEADERS, AUTH_HEADER, MODELS, MODEL_MAP,
                HEALTH_CHECK_MODE, HEALTH_CHECK_MODEL, PASS_THROUGH, OutputTokenLimits.KEY, DROP_FIELDS));
        keys.addAll(ProfileFlag.KEYS);
        return keys;
    }

    /** Fields without which there is no chat request. */
    private static final Set<String> ESSENTIAL_FIELDS = Set.of("model", "messages", "stream");
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** Headers the gateway must own: framing, and the credential (which comes from the account). */
    private static final Set<String> RESERVED_HEADERS = Set.of("host", "content-length", "transfer-encoding",
            "connection", "content-type");

    /**
     * Reads an instance's configuration.
     *
     * @throws ConfigException naming the key and the problem
     */
    public static CompatSettings read(PluginConfig c, Profiles profiles) throws ConfigException {
        String baseUrl = c.url(BASE_URL).orElseThrow(() -> c.problem(BASE_URL,
                "is required (the backend's API root, e.g. http://127.0.0.1:11434/v1)"));
        BackendProfile profile = profiles.resolve(c);
        String authHeader = c.string(AUTH_HEADER, "authorization").trim().toLowerCase(Locale.ROOT);
        if (!TOKEN.matcher(authHeader).matches() || RESERVED_HEADERS.contains(authHeader)) {
            throw c.problem(AUTH_HEADER, "must be a header name such as Authorization or api-key");
        }
        Map<String, String> extra = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : c.stringMap(EXTRA_HEADERS).entrySet()) {
            String name = e.getKey().trim();
            String lower = name.toLowerCase(Locale.ROOT);
            if (!TOKEN.matcher(name).matches()) {
                throw c.problem(EXTRA_HEADERS + "." + name, "is not a valid header name");
            }
            if (RESERVED_HEADERS.contains(lower) || lower.equals(authHeader)) {
                throw c.problem(EXTRA_HEADERS + "." + name, "is set by the gateway (the key comes from the accounts' "
                        + API_KEY + ")");
            }
            if (e.getValue().indexOf('\r') >= 0 || e.getValue().indexOf('\n') >= 0) {
                throw c.problem(EXTRA_HEADERS + "." + name, "must not contain line breaks");
            }
            if (PluginConfig.isUnresolved(e.getValue())) {
                throw c.problem(EXTRA_HEADERS + "." + name, "environment variable " + e.getValue() + " is not set");
            }
            extra.put(name, e.getValue());
        }
        List<String> models = new ArrayList<>();
        for (String m : c.strings(MODELS)) {
            if (m.isBlank() || ModelMap.isGlob(m)) {
                throw c.problem(MODELS, "lists concrete model ids; '" + m + "' is not one (globs belong in "
                        + MODEL_MAP + " or routes)");
            }
            models.add(m.trim());
        }
        Map<String, String> mapEntries = c.stringMap(MODEL_MAP);
        for (Map.Entry<String, String> e : mapEntries.entrySet()) {
            if (e.getValue().isBlank() || ModelMap.isGlob(e.getValue())) {
                throw c.problem(MODEL_MAP + "." + e.getKey(), "must name one backend model, got '" + e.getValue() + "'");
            }
        }
        ModelMap modelMap = new ModelMap(mapEntries);
        HealthCheckMode mode = switch (c.string(HEALTH_CHECK_MODE, "models").trim().toLowerCase(Locale.ROOT)) {
            case "models" -> HealthCheckMode.MODELS;
            case "completion" -> HealthCheckMode.COMPLETION;
            default -> throw c.problem(HEALTH_CHECK_MODE, "must be models or completion");
        };
        String probeModel = c.string(HEALTH_CHECK_MODEL).map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
        if (mode == HealthCheckMode.COMPLETION && probeModel == null) {
            probeModel = models.isEmpty() ? mapEntries.values().stream().findFirst().orElse(null) : models.get(0);
            if (probeModel == null) {
                throw c.problem(HEALTH_CHECK_MODEL, "is required with health-check-mode: completion when the "
                        + "instance lists no models");
            }
        }
        Set<String> drop = new LinkedHashSet<>();
        for (String f : c.strings(DROP_FIELDS)) {
            if (ESSENTIAL_FIELDS.contains(f.trim())) {
                throw c.problem(DROP_FIELDS, "cannot drop '" + f.trim() + "'");
            }
            drop.add(f.trim());
        }
        return new CompatSettings(baseUrl, profile, Collections.unmodifiableMap(extra), authHeader, List.copyOf(models),
                modelMap, mode, probeModel, c.bool(PASS_THROUGH, true), OutputTokenLimits.read(c),
                Collections.unmodifiableSet(drop));
    }

    /** {@code <base-url>/chat/completions}. */
    public String chatCompletionsUrl() {
        return baseUrl + "/chat/completions";
    }

    /** {@code <base-url>/models}. */
    public String modelsUrl() {
        return baseUrl + "/models";
    }
}
