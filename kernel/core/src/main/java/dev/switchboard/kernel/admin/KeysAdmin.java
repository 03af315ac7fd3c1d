package dev.switchboard.kernel.admin;

import dev.switchboard.kernel.auth.StoredClientKeys;
import dev.switchboard.kernel.store.ClientKey;
import dev.switchboard.kernel.store.ClientKeyRepository;
import dev.switchboard.kernel.store.ClientKeySpec;
import dev.switchboard.kernel.store.CreatedClientKey;
import dev.switchboard.kernel.store.StorageException;
import dev.switchboard.kernel.store.StoredNames;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.json.Jsons;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Client keys: create (the key is shown once, in the creation response only), list (never the secret),
 * revoke, delete. Thread-safe.
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
     * {@code {name, models?, rpm?, daily_token_quota?, monthly_token_quota?, expires_at?}} → the key with its
     * secret in {@code key} (shown this once).
     */
    private void create(ServerRequest req, ServerResponse res) throws GatewayException {
        JsonObject body = AdminJson.body(req);
        String name = Jsons.str(body, "name");
        if (name == null || name.isBlank()) {
            throw GatewayException.invalid("name", "a client key needs a name");
        }
        String bad = StoredNames.problem(name);
        if (bad != null) {
            throw GatewayException.invalid("name", "client key name " + bad);
        }
        List<String> models = null;
        JsonArray m = Jsons.arr(body, "models");
        if (m != null) {
            models = new ArrayList<>();
            for (int i = 0; i < m.size(); i++) {
                if (!(m.get(i) instanceof JsonString s)) {
                    throw GatewayException.invalid("models[" + i + "]", "models must be strings (names or globs)");
                }
                models.add(s.getString());
            }
        }
        Instant expires = null;
        String exp = Jsons.str(body, "expires_at");
        if (exp != null) {
            try {
                expires = Instant.parse(exp);
            } catch (DateTimeParseException e) {
                throw GatewayException.invalid("expires_at", "expires_at must be an ISO-8601 instant");
            }
        }
        ClientKeySpec spec;
        try {
            spec = new ClientKeySpec(name, models, Jsons.integer(body, "rpm"), Jsons.lng(body, "daily_token_quota"),
                    Jsons.lng(body, "monthly_token_quota"), expires);
        } catch (IllegalArgumentException e) {
            throw GatewayException.invalid(null, e.getMessage());
        }
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
