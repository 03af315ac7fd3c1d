package dev.switchboard.kernel.admin;

import dev.switchboard.spi.json.Jsons;
import dev.switchboard.kernel.config.GatewayConfig;
import dev.switchboard.kernel.runtime.ProviderInstance;
import dev.switchboard.kernel.runtime.ProviderRegistry;
import dev.switchboard.transport.TransportSettingsReader;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URI;
import java.util.Set;

/**
 * {@code GET /admin/config}: the effective configuration (after environment overrides) with every secret
 * masked — the admin password, the database password, client keys, plugin-declared secrets, account credentials,
 * trust-store passwords and proxy credentials.
 */
final class ConfigAdmin {
    private static final JsonValue MASK = Jsons.value("***");

    private final GatewayConfig config;
    private final ProviderRegistry providers;

    ConfigAdmin(GatewayConfig config, ProviderRegistry providers) {
        this.config = config;
        this.providers = providers;
    }

    void register(HttpRouting.Builder r, AdminApi api) {
        r.get("/admin/config", api.secured(this::get));
    }

    private void get(ServerRequest req, ServerResponse res) {
        AdminJson.ok(res, masked());
    }

    JsonObject masked() {
        JsonObject root = config.loaded().effective();
        JsonObjectBuilder out = Jsons.objectBuilder();
        root.forEach((section, v) -> out.add(section, switch (section) {
            case "admin" -> maskKeys(v, Set.of("password"));
            case "metrics" -> maskKeys(v, Set.of("token"));
            case "storage" -> maskStorage(v);
            case "clients" -> maskClients(v);
            case "providers" -> maskProviders(v);
            default -> v;
        }));
        return Jsons.objectBuilder().add("source", config.loaded().source()).add("config", out).build();
    }

    private static JsonValue maskKeys(JsonValue v, Set<String> secret) {
        if (v.getValueType() != JsonValue.ValueType.OBJECT) {
            return v;
        }
        JsonObjectBuilder b = Jsons.objectBuilder();
        v.asJsonObject().forEach((k, x) -> b.add(k, secret.contains(k) && x.getValueType() != JsonValue.ValueType.NULL
                ? MASK : x));
        return b.build();
    }

    /** The database password, and one written into the URL. */
    private static JsonValue maskStorage(JsonValue v) {
        JsonValue masked = maskKeys(v, Set.of("password"));
        if (masked.getValueType() != JsonValue.ValueType.OBJECT
                || !(masked.asJsonObject().get("url") instanceof JsonString url)) {
            return masked;
        }
        return Jsons.objectBuilder(masked.asJsonObject())
                .add("url", dev.switchboard.kernel.store.DatabaseVendor.redact(url.getString())).build();
    }

    private static JsonValue maskClients(JsonValue v) {
        if (v.getValueType() != JsonValue.ValueType.OBJECT) {
            return v;
        }
        JsonObjectBuilder b = Jsons.objectBuilder(v.asJsonObject());
        JsonValue keys = v.asJsonObject().get("keys");
        if (keys != null && keys.getValueType() == JsonValue.ValueType.ARRAY) {
            JsonArrayBuilder a = Jsons.arrayBuilder();
            keys.asJsonArray().forEach(k -> a.add(maskKeys(k, Set.of("key"))));
            b.add("keys", a);
        }
        return b.build();
    }

    private JsonValue maskProviders(JsonValue v) {
        if (v.getValueType() != JsonValue.ValueType.ARRAY) {
            return v;
        }
        JsonArrayBuilder out = Jsons.arrayBuilder();
        for (JsonValue p : v.asJsonArray()) {
            if (p.getValueType() != JsonValue.ValueType.OBJECT) {
                out.add(p);
                continue;
            }
            JsonObject po = p.asJsonObject();
            ProviderInstance inst = po.get("id") instanceof JsonString id ? providers.get(id.getString()) : null;
            Set<String> secrets = inst == null || inst.descriptor() == null ? Set.of() : inst.descriptor().secretKeys();
            Set<String> accountSecrets = inst == null || inst.descriptor() == null ? Set.of()
                    : inst.descriptor().accountSecretKeys();
            JsonObjectBuilder b = Jsons.objectBuilder();
            po.forEach((k, x) -> {
                if (secrets.contains(k) || TransportSettingsReader.TRUST_STORE_PASSWORD.equals(k)) {
                    b.add(k, MASK);
                } else if ("accounts".equals(k) && x.getValueType() == JsonValue.ValueType.ARRAY) {
                    JsonArrayBuilder a = Jsons.arrayBuilder();
                    x.asJsonArray().forEach(acc -> a.add(acc.getValueType() == JsonValue.ValueType.OBJECT
                            ? AdminJson.credentials(acc.asJsonObject(), accountSecrets, false) : acc));
                    b.add(k, a);
                } else if (TransportSettingsReader.PROXIES.equals(k) && x.getValueType() == JsonValue.ValueType.ARRAY) {
                    JsonArrayBuilder a = Jsons.arrayBuilder();
                    x.asJsonArray().forEach(px -> a.add(maskProxy(px)));
                    b.add(k, a);
                } else {
                    b.add(k, x);
                }
            });
            out.add(b);
        }
        return out.build();
    }

    private static JsonValue maskProxy(JsonValue px) {
        if (px.getValueType() != JsonValue.ValueType.OBJECT || !(px.asJsonObject().get("url") instanceof JsonString u)) {
            return px;
        }
        String url = u.getString();
        try {
            URI uri = URI.create(url);
            if (uri.getUserInfo() != null) {
                url = uri.getScheme() + "://***@" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
            }
        } catch (IllegalArgumentException e) {
            url = "***";
        }
        return Jsons.objectBuilder(px.asJsonObject()).add("url", url).build();
    }
}
