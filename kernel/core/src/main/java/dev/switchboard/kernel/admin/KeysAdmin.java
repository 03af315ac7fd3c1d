package dev.switchboard.kernel.admin;

import dev.switchboard.kernel.auth.StoredClientKeys;
import dev.switchboard.kernel.store.ClientKey;
import dev.switchboard.kernel.store.ClientKeyRepository;
import dev.switchboard.kernel.store.ClientKeySource;
import dev.switchboard.kernel.store.ClientKeySpec;
import dev.switchboard.kernel.store.CreatedClientKey;
import dev.switchboard.kernel.store.StorageException;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.json.Jsons;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

/**
 * Client keys: create (the key is shown once, in the creation response only), list (never the secret),
 * change settings, revoke, delete. Thread-safe.
 */
final class KeysAdmin {
    private final ClientKeyRepository keys;
    private final StoredClientKeys cache;

    KeysAdmin(ClientKeyRepository keys, StoredClientKeys cache) {
        this.keys = keys;
        this.cache = cache;
    }

    void register(HttpRouting.Builder r, AdminApi api) {
        r.get("/admin/keys", api.secured(this::list));
        r.post("/admin/keys", api.secured(this::create));
        r.get("/admin/keys/{id}", api.secured(this::get));
        r.patch("/admin/keys/{id}", api.secured(this::patch));
        r.post("/admin/keys/{id}/revoke", api.secured(this::revoke));
        r.delete("/admin/keys/{id}", api.secured(this::delete));
    }

    private void list(ServerRequest req, ServerResponse res) {
        JsonArrayBuilder a = Jsons.arrayBuilder();
        keys.list().forEach(k -> a.add(AdminJson.key(k)));
        AdminJson.ok(res, Jsons.objectBuilder().add("data", a).build());
    }

    private ClientKey find(ServerRequest req) throws GatewayException {
        String id = req.path().pathParameters().get("id");
        try {
            return keys.find(Long.parseLong(id)).orElseThrow(() -> new GatewayException(ErrorKind.NOT_FOUND,
                    "no client key " + id));
        } catch (NumberFormatException e) {
            throw new GatewayException(ErrorKind.NOT_FOUND, "no client key " + id);
        }
    }

    private void get(ServerRequest req, ServerResponse res) throws GatewayException {
        AdminJson.ok(res, AdminJson.key(find(req)));
    }

    /**
     * {@code {name, models?, rpm?, daily_token_quota?, monthly_token_quota?, daily_cost_limit?, monthly_cost_limit?,
     * expires_at?}} → the key with its secret in {@code key} (shown this once).
     */
    private void create(ServerRequest req, ServerResponse res) throws GatewayException {
        JsonObject body = AdminJson.body(req);
        if (!Jsons.present(body, "name")) {
            throw GatewayException.invalid("name", "a client key needs a name");
        }
        ClientKeySpec spec = KeySettings.apply(ClientKeySpec.named("-"), body);
        CreatedClientKey created;
        try {
            created = keys.create(spec);
        } catch (StorageException e) {
            throw GatewayException.invalid("name", e.getMessage());
        }
        cache.invalidate();
        AdminJson.send(res, 201, Jsons.objectBuilder(AdminJson.key(created.key()))
                .add("key", created.plaintext())
                .add("note", "store this key now: it is not shown again").build());
    }

    /**
     * Changes a key's settings: any of {@code models, rpm, daily_token_quota, monthly_token_quota, expires_at};
     * absent fields stay, {@code null} clears. Keys declared in YAML follow the file and are refused.
     */
    private void patch(ServerRequest req, ServerResponse res) throws GatewayException {
        ClientKey k = find(req);
        if (k.source() == ClientKeySource.YAML) {
            throw GatewayException.builder(ErrorKind.PERMISSION).param("id").message("client key '" + k.name()
                    + "' is declared in the configuration file (clients.keys); change it there").build();
        }
        ClientKeySpec current = new ClientKeySpec(k.name(), k.models(), k.rpm(), k.dailyTokenQuota(),
                k.monthlyTokenQuota(), k.expiresAt(), k.dailyCostLimit(), k.monthlyCostLimit());
        JsonObject body = AdminJson.body(req);
        if (body.containsKey("name")) {
            // Usage and token quotas are counted by key name: a rename would start the quotas afresh.
            throw GatewayException.invalid("name", "a client key cannot be renamed; create a new key instead");
        }
        ClientKeySpec next = KeySettings.apply(current, body);
        try {
            if (!keys.update(k.id(), next)) {
                throw new GatewayException(ErrorKind.NOT_FOUND, "no client key " + k.id());
            }
        } catch (StorageException e) {
            throw GatewayException.invalid("name", e.getMessage());
        }
        cache.invalidate();
        AdminJson.ok(res, AdminJson.key(keys.find(k.id()).orElseThrow()));
    }

    private void revoke(ServerRequest req, ServerResponse res) throws GatewayException {
        ClientKey k = find(req);
        keys.revoke(k.id());
        cache.invalidate();
        AdminJson.ok(res, AdminJson.key(keys.find(k.id()).orElseThrow()));
    }

    private void delete(ServerRequest req, ServerResponse res) throws GatewayException {
        ClientKey k = find(req);
        keys.delete(k.id());
        cache.invalidate();
        res.status(204).send();
    }
}
