package dev.switchboard.plugin.factory;

import dev.switchboard.plugin.factory.model.ModelEntry;
import dev.switchboard.plugin.factory.model.ModelFamily;
import dev.switchboard.spi.HttpHeaders;
import java.util.Map;
import java.util.UUID;

/**
 * The request headers Factory expects from its CLI, per family. From the client
 * only {@code anthropic-version}, the (edited) {@code anthropic-beta}, {@code x-stainless-*},
 * {@code x-session-id} and {@code x-assistant-message-id} are taken; the client's {@code authorization},
 * {@code x-api-key}, {@code x-factory-api-key} and {@code user-agent} never are. {@code connection} is
 * hop-by-hop, so it is left to the transport. Immutable and thread-safe.
 */
final class FactoryHeaders {
    private static final String STAINLESS = "x-stainless-";
    /** Defaults for the client-supplied {@code x-stainless-*} headers (a Node CLI on macOS, as Factory's own). */
    private static final Map<String, String> STAINLESS_DEFAULTS = Map.of(
            "x-stainless-arch", "x64",
            "x-stainless-lang", "js",
            "x-stainless-os", "MacOS",
            "x-stainless-runtime", "node",
            "x-stainless-retry-count", "0",
            "x-stainless-runtime-version", "v24.3.0");
    static final String ANTHROPIC_PACKAGE_VERSION = "0.57.0";
    static final String OPENAI_PACKAGE_VERSION = "5.23.2";
    static final String DEFAULT_ANTHROPIC_VERSION = "2023-06-01";

    private final FactorySettings settings;

    FactoryHeaders(FactorySettings settings) {
        this.settings = settings;
    }

    /**
     * Headers for one LLM request.
     *
     * @param model         the model row (family and {@code x-api-provider})
     * @param authorization the full {@code authorization} value ({@code Bearer …}); a secret
     * @param client        the client's headers (credentials already removed by the kernel)
     * @param anthropicBeta the computed {@code anthropic-beta} value (anthropic family; empty = omitted)
     * @param streaming     whether the upstream request streams (anthropic's stainless helper header)
     */
    HttpHeaders build(ModelEntry model, String authorization, HttpHeaders client, String anthropicBeta,
                      boolean streaming) {
        ModelFamily fam = model.type();
        HttpHeaders h = HttpHeaders.create();
        h.set("authorization", authorization);
        h.set("content-type", "application/json");
        switch (fam) {
            case ANTHROPIC, COMMON -> h.set("accept", "application/json");
            case GOOGLE -> h.set("accept", "*/*");
            case OPENAI -> {
                // Factory's CLI sends no accept header on the Responses family.
            }
        }
        if (fam == ModelFamily.ANTHROPIC) {
            h.set("x-api-key", "placeholder");
            h.set("anthropic-version", clientOr(client, "anthropic-version", DEFAULT_ANTHROPIC_VERSION));
            if (anthropicBeta != null && !anthropicBeta.isEmpty()) {
                h.set("anthropic-beta", anthropicBeta);
            }
        }
        h.set("x-api-provider", model.provider());
        h.set("x-factory-client", fam == ModelFamily.GOOGLE ? clientOr(client, "x-factory-client", "cli") : "cli");
        h.set("x-session-id", clientOr(client, "x-session-id", UUID.randomUUID().toString()));
        h.set("x-assistant-message-id", clientOr(client, "x-assistant-message-id", UUID.randomUUID().toString()));
        h.set("user-agent", settings.userAgent());
        if (fam == ModelFamily.GOOGLE) {
            h.set("x-client-version", settings.version());
        } else {
            stainless(fam, client, streaming, h);
        }
        settings.extraHeaders().forEach(h::set);
        settings.endpoint(fam).extraHeaders().forEach(h::set);
        return h;
    }

    private static void stainless(ModelFamily fam, HttpHeaders client, boolean streaming, HttpHeaders h) {
        if (client != null) {
            client.forEach((name, value) -> {
                if (name.startsWith(STAINLESS) && !name.equals("x-stainless-helper-method")) {
                    h.set(name, value);
                }
            });
        }
        STAINLESS_DEFAULTS.forEach((k, v) -> {
            if (!h.contains(k)) {
                h.set(k, v);
            }
        });
        if (!h.contains("x-stainless-package-version")) {
            h.set("x-stainless-package-version",
                    fam == ModelFamily.ANTHROPIC ? ANTHROPIC_PACKAGE_VERSION : OPENAI_PACKAGE_VERSION);
        }
        if (fam == ModelFamily.ANTHROPIC) {
            if (!h.contains("x-stainless-timeout")) {
                h.set("x-stainless-timeout", "600");
            }
            if (streaming) {
                h.set("x-stainless-helper-method", "stream");
            }
        } else {
            // x-stainless-timeout and the helper header belong to the Anthropic SDK only.
            h.remove("x-stainless-timeout");
        }
    }

    private static String clientOr(HttpHeaders client, String name, String dflt) {
        String v = client == null ? null : client.get(name);
        return v == null || v.isBlank() ? dflt : v;
    }
}
