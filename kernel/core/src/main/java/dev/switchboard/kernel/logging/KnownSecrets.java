package dev.switchboard.kernel.logging;

import dev.switchboard.kernel.config.ClientKeyEntry;
import dev.switchboard.kernel.config.GatewayConfig;
import dev.switchboard.kernel.config.ProviderEntry;
import dev.switchboard.kernel.pool.PooledAccount;
import dev.switchboard.kernel.runtime.ProviderInstance;
import dev.switchboard.kernel.runtime.ProviderRegistry;
import dev.switchboard.transport.TransportSettingsReader;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URI;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Every secret the gateway knows in clear, for {@link SecretRedactor}: the admin password, the metrics token, the
 * database password, client keys and provider secrets declared in the configuration, proxy passwords, and the
 * current credentials of every pooled account (admin-added and flow accounts included, refreshed tokens as they rotate). Read on each call
 * (only while body logging is on). Thread-safe.
 */
public final class KnownSecrets implements Supplier<Collection<String>> {
    private final GatewayConfig config;
    private final Supplier<ProviderRegistry> providers;

    /** @param providers the registry, once built (null before) */
    public KnownSecrets(GatewayConfig config, Supplier<ProviderRegistry> providers) {
        this.config = config;
        this.providers = providers;
    }

    @Override
    public Collection<String> get() {
        Set<String> out = new HashSet<>();
        add(out, config.admin().password());
        add(out, config.metrics().token());
        add(out, config.storage().password());
        for (ClientKeyEntry k : config.clientKeys()) {
            add(out, k.key());
        }
        ProviderRegistry registry = providers.get();
        for (ProviderEntry e : config.providers()) {
            ProviderInstance inst = registry == null ? null : registry.get(e.id());
            Set<String> declared = inst == null || inst.descriptor() == null ? Set.of() : inst.descriptor().secretKeys();
            for (String k : e.node().keys()) {
                if ((declared.contains(k) || SecretRedactor.secretName(k)) && e.node().json().get(k) instanceof JsonString s) {
                    add(out, s.getString());
                }
            }
            e.node().string(TransportSettingsReader.TRUST_STORE_PASSWORD).ifPresent(p -> add(out, p));
            JsonValue proxies = e.node().json().get(TransportSettingsReader.PROXIES);
            if (proxies != null && proxies.getValueType() == JsonValue.ValueType.ARRAY) {
                for (JsonValue p : proxies.asJsonArray()) {
                    if (p instanceof JsonObject o && o.get("url") instanceof JsonString u) {
                        proxyPassword(out, u.getString());
                    }
                }
            }
        }
        if (registry != null) {
            for (ProviderInstance i : registry.all()) {
                Set<String> declared = i.descriptor() == null ? Set.of() : i.descriptor().accountSecretKeys();
                for (PooledAccount a : i.pool().all()) {
                    a.record().credentials().forEach((k, v) -> {
                        if (v instanceof JsonString s && (declared.contains(k) || SecretRedactor.secretName(k))) {
                            add(out, s.getString());
                        }
                    });
                }
            }
        }
        return out;
    }

    private static void proxyPassword(Set<String> out, String url) {
        try {
            String info = URI.create(url).getUserInfo();
            if (info != null && info.indexOf(':') >= 0) {
                add(out, info.substring(info.indexOf(':') + 1));
            }
        } catch (IllegalArgumentException e) {
            add(out, url); // unparseable: mask the whole URL where it appears
        }
    }

    private static void add(Set<String> out, String secret) {
        if (secret != null && !secret.isBlank()) {
            out.add(secret);
        }
    }
}
