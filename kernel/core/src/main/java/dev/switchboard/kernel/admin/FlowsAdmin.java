package dev.switchboard.kernel.admin;

import dev.switchboard.spi.json.Jsons;
import dev.switchboard.kernel.runtime.ProviderInstance;
import dev.switchboard.spi.AccountFlow;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.FlowField;
import dev.switchboard.spi.FlowState;
import dev.switchboard.spi.GatewayException;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

/**
 * The plugins' add-account flows (device code, sign-in, import) at {@code /admin/providers/{id}/flows/{flow}}: start,
 * poll, submit further input, cancel. A completed flow has stored its account; the pool picks it up at once.
 */
final class FlowsAdmin {
    private final AccountsAdmin accounts;

    FlowsAdmin(AccountsAdmin accounts) {
        this.accounts = accounts;
    }

    void register(HttpRouting.Builder r, AdminApi api) {
        r.get("/admin/providers/{id}/flows", api.secured(this::list));
        r.post("/admin/providers/{id}/flows/{flow}", api.secured(this::start));
        r.get("/admin/providers/{id}/flows/{flow}/{flowId}", api.secured(this::status));
        r.post("/admin/providers/{id}/flows/{flow}/{flowId}", api.secured(this::submit));
        r.delete("/admin/providers/{id}/flows/{flow}/{flowId}", api.secured(this::cancel));
    }

    private void list(ServerRequest req, ServerResponse res) throws GatewayException {
        ProviderInstance i = accounts.instance(req);
        JsonArrayBuilder a = Jsons.arrayBuilder();
        if (i.ready()) {
            i.provider().flows().forEach(f -> a.add(describe(f)));
        }
        AdminJson.ok(res, Jsons.objectBuilder().add("data", a).build());
    }

    /** A flow as listed: name, description and the inputs a console renders as forms. */
    static JsonObject describe(AccountFlow f) {
        return Jsons.objectBuilder().add("name", f.name()).add("description", f.description())
                .add("start_fields", fields(f.startFields())).add("submit_fields", fields(f.submitFields())).build();
    }

    private static JsonArrayBuilder fields(java.util.List<FlowField> fields) {
        JsonArrayBuilder a = Jsons.arrayBuilder();
        for (FlowField f : fields) {
            var b = Jsons.objectBuilder().add("name", f.name())
                    .add("kind", f.kind().name().toLowerCase(java.util.Locale.ROOT)).add("required", f.required())
                    .add("label", f.label()).add("choices", Jsons.arrayBuilder(f.choices()));
            if (f.help() != null) {
                b.add("help", f.help());
            }
            a.add(b);
        }
        return a;
    }

    private AccountFlow flow(ServerRequest req) throws GatewayException {
        ProviderInstance i = accounts.instance(req);
        String name = req.path().pathParameters().get("flow");
        if (i.ready()) {
            for (AccountFlow f : i.provider().flows()) {
                if (f.name().equals(name)) {
                    return f;
                }
            }
        }
        throw new GatewayException(ErrorKind.NOT_FOUND, "provider '" + i.id() + "' has no flow '" + name + "'");
    }

    private static JsonObject state(FlowState s) {
        return Jsons.objectBuilder().add("id", s.id()).add("status", s.status())
                .add("details", s.details() == null ? JsonObject.EMPTY_JSON_OBJECT : s.details()).build();
    }

    private void afterChange(ServerRequest req, FlowState s) throws GatewayException {
        if ("completed".equals(s.status())) {
            accounts.instance(req).pool().reload();
        }
    }

    private void start(ServerRequest req, ServerResponse res) throws GatewayException {
        FlowState s;
        try {
            s = flow(req).start(AdminJson.body(req));
        } catch (IllegalArgumentException e) {
            throw refusedName(e);
        }
        afterChange(req, s);
        AdminJson.send(res, 201, state(s));
    }

    private void status(ServerRequest req, ServerResponse res) throws GatewayException {
        FlowState s = flow(req).status(req.path().pathParameters().get("flowId"));
        afterChange(req, s);
        AdminJson.ok(res, state(s));
    }

    private void submit(ServerRequest req, ServerResponse res) throws GatewayException {
        FlowState s;
        try {
            s = flow(req).submit(req.path().pathParameters().get("flowId"), AdminJson.body(req));
        } catch (IllegalArgumentException e) {
            throw refusedName(e);
        }
        afterChange(req, s);
        AdminJson.ok(res, state(s));
    }

    private void cancel(ServerRequest req, ServerResponse res) throws GatewayException {
        flow(req).cancel(req.path().pathParameters().get("flowId"));
        res.status(204).send();
    }

    /** The kernel's credential store refuses account names outside {@code StoredNames}; that is the admin's 400. */
    private static GatewayException refusedName(IllegalArgumentException e) {
        return GatewayException.invalid("name", "account " + e.getMessage());
    }
}
