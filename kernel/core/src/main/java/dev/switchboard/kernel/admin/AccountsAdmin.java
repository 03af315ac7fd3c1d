package dev.switchboard.kernel.admin;

import dev.switchboard.kernel.pool.AccountStore;
import dev.switchboard.kernel.pool.PooledAccount;
import dev.switchboard.kernel.runtime.AccountImport;
import dev.switchboard.kernel.runtime.ProviderInstance;
import dev.switchboard.kernel.runtime.ProviderRegistry;
import dev.switchboard.kernel.schedule.PoolMaintenance;
import dev.switchboard.kernel.store.StoredNames;
import dev.switchboard.spi.AccountState;
import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.json.Jsons;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Providers and their pools: list, strategy, account CRUD, enable/disable, move between tiers, test one or all,
 * bulk import and export (secrets only when explicitly asked for). Thread-safe.
 */
final class AccountsAdmin {
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(AccountsAdmin.class.getName());
    private static final String NDJSON = "application/x-ndjson";
    private final ProviderRegistry providers;
    private final AccountStore store;
    private final Map<String, PoolMaintenance> maintenance;

    AccountsAdmin(ProviderRegistry providers, AccountStore store, Map<String, PoolMaintenance> maintenance) {
        this.providers = providers;
        this.store = store;
        this.maintenance = maintenance;
    }

    void register(HttpRouting.Builder r, AdminApi api) {
        r.get("/admin/providers", api.secured(this::listProviders));
        r.get("/admin/providers/{id}", api.secured(this::getProvider));
        r.patch("/admin/providers/{id}", api.secured(this::patchProvider));
        r.get("/admin/providers/{id}/accounts", api.secured(this::listAccounts));
        r.post("/admin/providers/{id}/accounts", api.secured(this::createAccount));
        r.get("/admin/providers/{id}/accounts/export", api.secured(this::export));
        r.post("/admin/providers/{id}/accounts/import", api.secured(this::importAccounts));
        r.post("/admin/providers/{id}/accounts/test", api.secured(this::testAll));
        r.get("/admin/providers/{id}/accounts/{name}", api.secured(this::getAccount));
        r.patch("/admin/providers/{id}/accounts/{name}", api.secured(this::patchAccount));
        r.delete("/admin/providers/{id}/accounts/{name}", api.secured(this::deleteAccount));
        r.delete("/admin/providers/{id}/accounts", api.secured(this::deleteAccountByQuery));
        r.post("/admin/providers/{id}/accounts/{name}/test", api.secured(this::testOne));
    }

    ProviderInstance instance(ServerRequest req) throws GatewayException {
        String id = req.path().pathParameters().get("id");
        ProviderInstance i = providers.get(id);
        if (i == null) {
            throw new GatewayException(ErrorKind.NOT_FOUND, "no provider '" + id + "'");
        }
        return i;
    }

    private static PooledAccount account(ProviderInstance i, ServerRequest req) throws GatewayException {
        String name = req.path().pathParameters().get("name");
        PooledAccount a = i.pool().find(name);
        if (a == null) {
            throw new GatewayException(ErrorKind.NOT_FOUND, "provider '" + i.id() + "' has no account '" + name + "'");
        }
        return a;
    }

    private static Set<String> secretKeys(ProviderInstance i) {
        return i.descriptor() == null ? Set.of() : i.descriptor().accountSecretKeys();
    }

    private static JsonObject provider(ProviderInstance i) {
        JsonObjectBuilder counts = Jsons.objectBuilder();
        i.pool().stateCounts().forEach(counts::add);
        JsonArrayBuilder flows = Jsons.arrayBuilder();
        if (i.ready()) {
            i.provider().flows().forEach(f -> flows.add(FlowsAdmin.describe(f)));
        }
        JsonObjectBuilder b = Jsons.objectBuilder().add("id", i.id()).add("plugin", i.pluginId())
                .add("status", i.ready() ? "ready" : "failed").add("strategy", i.pool().strategy())
                .add("affinity", i.pool().settings().affinity()).add("accounts", counts).add("flows", flows);
        tiers(i, b);
        if (i.descriptor() != null) {
            // What an add-account form asks for: the plugin's account keys, the secret ones entered hidden.
            b.add("account_keys", Jsons.arrayBuilder(new java.util.TreeSet<>(i.descriptor().accountKeys())))
                    .add("account_secret_keys", Jsons.arrayBuilder(new java.util.TreeSet<>(
                            i.descriptor().accountSecretKeys())));
        }
        if (!i.ready()) {
            b.add("error", i.failure());
        }
        if (i.ready()) {
            JsonArrayBuilder models = Jsons.arrayBuilder();
            i.provider().models().forEach(models::add);
            b.add("models", models);
        }
        return b.build();
    }

    /** {@code tiers: {"1": {"active": 3, ...}}} and the total {@code in_flight} of the pool's accounts. */
    private static void tiers(ProviderInstance i, JsonObjectBuilder b) {
        Map<Integer, Map<String, Integer>> byTier = new java.util.TreeMap<>();
        int inFlight = 0;
        for (PooledAccount a : i.pool().accounts()) {
            byTier.computeIfAbsent(a.tier(), t -> new java.util.TreeMap<>()).merge(a.status().state().wire(), 1,
                    Integer::sum);
            inFlight += a.inFlight();
        }
        JsonObjectBuilder tiers = Jsons.objectBuilder();
        byTier.forEach((tier, counts) -> {
            JsonObjectBuilder c = Jsons.objectBuilder();
            counts.forEach(c::add);
            tiers.add(String.valueOf(tier), c);
        });
        b.add("tiers", tiers).add("in_flight", inFlight);
    }

    private void listProviders(ServerRequest req, ServerResponse res) {
        JsonArrayBuilder a = Jsons.arrayBuilder();
        providers.all().forEach(i -> a.add(provider(i)));
        AdminJson.ok(res, Jsons.objectBuilder().add("data", a)
                .add("strategies", Jsons.arrayBuilder(dev.switchboard.kernel.pool.Strategies.NAMES)).build());
    }

    private void getProvider(ServerRequest req, ServerResponse res) throws GatewayException {
        AdminJson.ok(res, provider(instance(req)));
    }

    private void patchProvider(ServerRequest req, ServerResponse res) throws GatewayException {
        ProviderInstance i = instance(req);
        JsonObject body = AdminJson.body(req);
        String strategy = Jsons.str(body, "strategy");
        if (strategy == null) {
            throw GatewayException.invalid("strategy", "send {\"strategy\": \"<name>\"}");
        }
        try {
            i.pool().changeStrategy(strategy);
        } catch (IllegalArgumentException e) {
            throw GatewayException.invalid("strategy", e.getMessage());
        }
        AdminJson.ok(res, provider(i));
    }

    /**
     * The accounts in id order; optional {@code ?q=} (name contains, ignoring case), {@code state=}, {@code tier=},
     * and a page {@code offset=&limit=} (default: all). {@code total} counts the matches before paging.
     */
    private void listAccounts(ServerRequest req, ServerResponse res) throws GatewayException {
        ProviderInstance i = instance(req);
        AccountQuery q = AccountQuery.of(req);
        List<PooledAccount> matches = q.filter(i.pool().accounts());
        JsonArrayBuilder a = Jsons.arrayBuilder();
        q.page(matches).forEach(acc -> a.add(withHealth(i, acc)));
        AdminJson.ok(res, Jsons.objectBuilder().add("data", a).add("total", matches.size())
                .add("offset", q.offset()).build());
    }

    private void getAccount(ServerRequest req, ServerResponse res) throws GatewayException {
        ProviderInstance i = instance(req);
        AdminJson.ok(res, withHealth(i, account(i, req)));
    }

    /** The account view plus its last health verdict ({@code health: {status, checked_at, detail?}}), if any. */
    private JsonObject withHealth(ProviderInstance i, PooledAccount acc) {
        JsonObject view = AdminJson.account(acc, secretKeys(i), false);
        PoolMaintenance m = maintenance.get(i.id());
        JsonObject health = m == null ? null : m.lastReport(acc.id());
        return health == null ? view : Jsons.objectBuilder(view).add("health", health).build();
    }

    /** {@code {name, tier?, weight?, max-concurrency?, credentials:{...}}} → the created account. */
    private void createAccount(ServerRequest req, ServerResponse res) throws GatewayException {
        ProviderInstance i = ready(instance(req));
        PooledAccount a = upsert(i, AdminJson.body(req), "admin", null);
        AdminJson.send(res, 201, AdminJson.account(a, secretKeys(i), false));
    }

    private PooledAccount upsert(ProviderInstance i, JsonObject body, String source, String field)
            throws GatewayException {
        String bad = StoredNames.problem(Jsons.str(body, "name"));
        if (bad != null) {
            throw GatewayException.invalid(field == null ? "name" : field + ".name", "account name " + bad);
        }
        try {
            return AccountImport.upsert(i, store, body, "admin request", source);
        } catch (ConfigException ex) {
            throw GatewayException.invalid(ex.key(), ex.getMessage());
        }
    }

    /** {@code {tier?, weight?, max-concurrency?, state?: "active"|"disabled"}}. */
    private void patchAccount(ServerRequest req, ServerResponse res) throws GatewayException {
        ProviderInstance i = instance(req);
        PooledAccount a = account(i, req);
        JsonObject body = AdminJson.body(req);
        var r = a.record();
        int tier = Jsons.present(body, "tier") ? positive(body, "tier") : r.tier();
        int weight = Jsons.present(body, "weight") ? positive(body, "weight") : r.weight();
        Integer maxConc = Jsons.present(body, "max-concurrency") ? Integer.valueOf(positive(body, "max-concurrency"))
                : r.maxConcurrency();
        if (tier != r.tier() || weight != r.weight() || !java.util.Objects.equals(maxConc, r.maxConcurrency())) {
            store.updateSettings(a.id(), tier, weight, maxConc);
            i.pool().reload();
            a = i.pool().find(a.name());
        }
        String state = Jsons.str(body, "state");
        if (state != null) {
            switch (state) {
                case "active" -> i.pool().setState(a, AccountState.ACTIVE, null, null);
                case "disabled" -> i.pool().setState(a, AccountState.DISABLED, "disabled by an admin", null);
                default -> throw GatewayException.invalid("state", "state must be 'active' or 'disabled'");
            }
        }
        AdminJson.ok(res, AdminJson.account(a, secretKeys(i), false));
    }

    private static int positive(JsonObject body, String key) throws GatewayException {
        Integer v = Jsons.integer(body, key);
        if (v == null || v < 1) {
            throw GatewayException.invalid(key, key + " must be an integer of 1 or more");
        }
        return v;
    }

    private void deleteAccount(ServerRequest req, ServerResponse res) throws GatewayException {
        ProviderInstance i = instance(req);
        PooledAccount a = account(i, req);
        store.delete(a.id());
        i.pool().reload();
        res.status(204).send();
    }

    /**
     * {@code DELETE /admin/providers/{id}/accounts?name=<percent-encoded>}: deletes an account whatever its name,
     * also one stored before names were checked (with {@code /}, {@code ..} or control characters) that no path
     * segment can address.
     */
    private void deleteAccountByQuery(ServerRequest req, ServerResponse res) throws GatewayException {
        ProviderInstance i = instance(req);
        String name = req.query().first("name").orElseThrow(() -> GatewayException.invalid("name",
                "send ?name=<account name, percent-encoded>"));
        PooledAccount a = i.pool().find(name);
        if (a == null) {
            throw new GatewayException(ErrorKind.NOT_FOUND, "provider '" + i.id() + "' has no account with that name");
        }
        store.delete(a.id());
        i.pool().reload();
        res.status(204).send();
    }

    private void testOne(ServerRequest req, ServerResponse res) throws GatewayException {
        ProviderInstance i = ready(instance(req));
        AdminJson.ok(res, maintenance.get(i.id()).checkNow(account(i, req)));
    }

    private void testAll(ServerRequest req, ServerResponse res) throws GatewayException {
        ProviderInstance i = ready(instance(req));
        if (req.headers().first(io.helidon.http.HeaderNames.ACCEPT).orElse("").contains(NDJSON)) {
            testAllStreamed(i, res);
            return;
        }
        JsonArrayBuilder out = Jsons.arrayBuilder();
        for (PooledAccount a : i.pool().accounts()) {
            out.add(maintenance.get(i.id()).checkNow(a));
        }
        AdminJson.ok(res, Jsons.objectBuilder().add("data", out).build());
    }

    /**
     * Test all with live results: one JSON line per account as its check finishes ({@code Accept:
     * application/x-ndjson}), so a console can show each result while the others still run.
     */
    private void testAllStreamed(ProviderInstance i, ServerResponse res) {
        res.header(io.helidon.http.HeaderNames.CONTENT_TYPE, NDJSON);
        res.header(io.helidon.http.HeaderNames.CACHE_CONTROL, "no-store");
        try (java.io.OutputStream out = res.outputStream()) {
            for (PooledAccount a : i.pool().accounts()) {
                JsonObject line;
                try {
                    line = maintenance.get(i.id()).checkNow(a);
                } catch (RuntimeException e) {
                    LOG.log(java.util.logging.Level.WARNING, "health check of " + i.id() + "/" + a.name() + " failed", e);
                    line = Jsons.objectBuilder().add("name", a.name()).add("ok", false)
                            .add("error", "internal: the check failed (see the gateway log)")
                            .add("state", a.status().state().wire()).build();
                }
                out.write((line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            LOG.fine(() -> "the caller left a streamed account test of " + i.id() + ": " + e);
        }
    }

    /**
     * Exports accounts. Secrets are masked unless the caller asks for them explicitly with
     * {@code ?include_secrets=true} and the header {@code x-confirm-export: secrets}.
     */
    private void export(ServerRequest req, ServerResponse res) throws GatewayException {
        ProviderInstance i = instance(req);
        boolean withSecrets = req.query().first("include_secrets").map("true"::equals).orElse(false);
        if (withSecrets && !"secrets".equals(req.headers().first(io.helidon.http.HeaderNames.create("x-confirm-export"))
                .orElse(null))) {
            throw GatewayException.invalid("include_secrets", "exporting secrets in clear needs the header"
                    + " 'x-confirm-export: secrets'");
        }
        JsonArrayBuilder a = Jsons.arrayBuilder();
        for (PooledAccount acc : i.pool().accounts()) {
            var r = acc.record();
            JsonObjectBuilder b = Jsons.objectBuilder().add("name", r.name()).add("tier", r.tier())
                    .add("weight", r.weight())
                    .add("credentials", AdminJson.credentials(r.credentials(), secretKeys(i), withSecrets));
            if (r.maxConcurrency() != null) {
                b.add("max-concurrency", r.maxConcurrency());
            }
            a.add(b);
        }
        AdminJson.ok(res, Jsons.objectBuilder().add("provider", i.id()).add("secrets_included", withSecrets)
                .add("accounts", a).build());
    }

    /** {@code {accounts:[{name, tier?, weight?, credentials:{...}}]}}; masked values ({@code ***}) are refused. */
    private void importAccounts(ServerRequest req, ServerResponse res) throws GatewayException {
        ProviderInstance i = ready(instance(req));
        JsonObject body = AdminJson.body(req);
        var list = Jsons.arr(body, "accounts");
        if (list == null) {
            throw GatewayException.invalid("accounts", "send {\"accounts\": [ ... ]}");
        }
        Set<String> names = new HashSet<>();
        for (int n = 0; n < list.size(); n++) {
            JsonValue v = list.get(n);
            if (v.getValueType() != JsonValue.ValueType.OBJECT) {
                throw GatewayException.invalid("accounts[" + n + "]", "each account must be an object");
            }
            if (AccountImport.hasMaskedSecrets(v.asJsonObject())) {
                throw GatewayException.invalid("accounts[" + n + "].credentials",
                        "masked secrets ('***') cannot be imported; export with include_secrets=true");
            }
        }
        for (int n = 0; n < list.size(); n++) {
            String bad = StoredNames.problem(Jsons.str(list.get(n).asJsonObject(), "name"));
            if (bad != null) {
                throw GatewayException.invalid("accounts[" + n + "].name", "account name " + bad);
            }
        }
        JsonArrayBuilder out = Jsons.arrayBuilder();
        for (int n = 0; n < list.size(); n++) {
            PooledAccount a = upsert(i, list.get(n).asJsonObject(), "admin", "accounts[" + n + "]");
            names.add(a.name());
            out.add(AdminJson.account(a, secretKeys(i), false));
        }
        AdminJson.ok(res, Jsons.objectBuilder().add("imported", names.size()).add("data", out).build());
    }

    private static ProviderInstance ready(ProviderInstance i) throws GatewayException {
        if (!i.ready()) {
            throw new GatewayException(ErrorKind.NO_CAPACITY, "provider '" + i.id() + "' is not running: " + i.failure());
        }
        return i;
    }

}
