package dev.switchboard.plugin.kiro.flow;

import dev.switchboard.plugin.kiro.auth.KiroCredentials;
import dev.switchboard.spi.Account;
import dev.switchboard.spi.AccountFlow;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.FlowField;
import dev.switchboard.spi.FlowState;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.util.List;
import java.util.logging.Logger;

/**
 * The {@code import} flow: adds accounts from token files, validated with a refresh (when
 * the token is missing or expiring) and a usage load before they are stored. Input, one of:
 * <ul>
 *   <li>{@code {"name"?, "token": <kiro-auth-token.json or reference credential JSON>, "client"?: <clientIdHash>.json}}</li>
 *   <li>{@code {"export": <reference proxy export {"providers":[{"name","credentials":"<JSON string>",…}]}>}}</li>
 * </ul>
 * It completes at once: {@code completed} with the stored accounts, or {@code error} with the reason. Thread-safe.
 */
public final class ImportFlow implements AccountFlow {
    private final AccountRegistrar registrar;
    private final FlowStore<ImportSession> sessions;
    private final Clock clock;
    private final Logger log;

    ImportFlow(AccountRegistrar registrar, FlowStore<ImportSession> sessions, Clock clock, Logger log) {
        this.registrar = registrar;
        this.sessions = sessions;
        this.clock = clock;
        this.log = log;
    }

    /** A finished import kept for status queries until purged. */
    static final class ImportSession extends FlowSession {
        ImportSession(java.time.Instant at) {
            super(at, JsonValue.EMPTY_JSON_OBJECT);
        }

        @Override
        void release() {
            // Nothing is held: the import ran synchronously.
        }
    }

    @Override
    public String name() {
        return "import";
    }

    @Override
    public String description() {
        return "Import Kiro IDE token JSON (social, Builder ID, IdC with its client file) or a reference-proxy export";
    }

    @Override
    public List<FlowField> startFields() {
        return List.of(
                AccountRegistrar.NAME_FIELD,
                FlowField.optional("token", FlowField.Kind.JSON, "Token file",
                        "kiro-auth-token.json from the Kiro IDE, or a credential JSON"),
                FlowField.optional("client", FlowField.Kind.JSON, "Client registration file",
                        "For Builder ID and Identity Center tokens: <clientIdHash>.json from the same folder"),
                FlowField.optional("export", FlowField.Kind.JSON, "Reference proxy export",
                        "Instead of a token: an export with several accounts"));
    }

    @Override
    public FlowState start(JsonObject input) throws GatewayException {
        ImportSession session = new ImportSession(clock.instant());
        sessions.put(session);
        JsonArrayBuilder stored = Jsons.arrayBuilder();
        try {
            if (Jsons.obj(input, "export") != null) {
                importExport(Jsons.obj(input, "export"), stored);
            } else if (Jsons.obj(input, "token") != null) {
                String name = AccountRegistrar.checkName(Jsons.str(input, "name"));
                KiroCredentials c = TokenImport.map(Jsons.obj(input, "token"), Jsons.obj(input, "client"), null);
                stored.add(summary(registrar.register(name, c, true)));
            } else {
                throw GatewayException.invalid("token", "give \"token\" (with \"client\" for IdC) or \"export\"");
            }
        } catch (GatewayException e) {
            if (e.kind() == ErrorKind.INVALID_REQUEST) {
                session.end(FlowSession.ERROR, Jsons.objectBuilder().add("error", e.getMessage()).build());
                throw e;
            }
            String why = e.getMessage();
            log.warning(() -> "Kiro import rejected: " + why);
            session.end(FlowSession.ERROR, Jsons.objectBuilder().add("error", "validation failed: " + why)
                    .add("accounts", stored).build());
            return session.state();
        }
        session.end(FlowSession.COMPLETED, Jsons.objectBuilder().add("accounts", stored).build());
        return session.state();
    }

    private void importExport(JsonObject export, JsonArrayBuilder stored) throws GatewayException {
        JsonArray providers = Jsons.arr(export, "providers");
        if (providers == null || providers.isEmpty()) {
            throw GatewayException.invalid("export.providers", "the export holds no providers");
        }
        for (int i = 0; i < providers.size(); i++) {
            JsonValue v = providers.get(i);
            if (v.getValueType() != JsonValue.ValueType.OBJECT) {
                throw GatewayException.invalid("export.providers[" + i + "]", "must be an object");
            }
            JsonObject p = v.asJsonObject();
            JsonObject token = credentials(p, i);
            if (Jsons.str(token, "region") == null && Jsons.str(p, "region") != null) {
                token = Jsons.objectBuilder(token).add("region", Jsons.str(p, "region")).build();
            }
            String name = AccountRegistrar.checkName(Jsons.str(p, "name"));
            KiroCredentials c = TokenImport.map(token, null, Jsons.str(p, "account_email"));
            stored.add(summary(registrar.register(name, c, true)));
        }
    }

    /** {@code credentials} is a JSON string in the reference export (an object is accepted too). */
    private static JsonObject credentials(JsonObject provider, int i) throws GatewayException {
        JsonValue raw = provider.get("credentials");
        if (raw != null && raw.getValueType() == JsonValue.ValueType.OBJECT) {
            return raw.asJsonObject();
        }
        String text = Jsons.str(provider, "credentials");
        if (text == null) {
            throw GatewayException.invalid("export.providers[" + i + "].credentials", "is missing");
        }
        try {
            return Jsons.parseObject(text);
        } catch (JsonException e) {
            throw GatewayException.invalid("export.providers[" + i + "].credentials", "is not a JSON object");
        }
    }

    static JsonObject summary(Account a) {
        KiroCredentials c = KiroCredentials.fromJson(a.credentials());
        var b = Jsons.objectBuilder().add("name", a.name()).add("auth-method", c.authMethod().wire());
        if (c.email() != null) {
            b.add("email", c.email());
        }
        if (c.accountType() != null) {
            b.add("account-type", c.accountType());
        }
        return b.build();
    }

    @Override
    public FlowState status(String flowId) throws GatewayException {
        return sessions.get(flowId).state();
    }

    @Override
    public void cancel(String flowId) throws GatewayException {
        sessions.get(flowId).end(FlowSession.CANCELLED, JsonValue.EMPTY_JSON_OBJECT);
    }
}
