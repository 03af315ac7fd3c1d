package dev.switchboard.plugin.factory.auth;

import dev.switchboard.spi.AccountFlow;
import dev.switchboard.spi.CredentialStore;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.FlowField;
import dev.switchboard.spi.FlowState;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@code import} add-account flow (served by the kernel at {@code /admin/providers/{id}/flows/import}):
 * the admin posts the content of an existing Factory credential file and gets an account. Input, one of:
 * <pre>
 * {"name": "alice", "auth": { …auth.json… }}
 * {"name": "alice", "auth-json": "…auth.json as text…"}
 * {"name": "alice", "auth-v2-file": "iv:tag:ct", "auth-v2-key": "base64 key"}
 * </pre>
 * It completes at once; the account is stored through {@link CredentialStore#upsert} (a refresh-token
 * account is refreshed by the kernel before first use when its token is missing or expired). Details never
 * contain secrets. Thread-safe.
 */
public final class AuthImportFlow implements AccountFlow {
    private static final Logger LOG = Logger.getLogger(AuthImportFlow.class.getName());
    private static final int MAX_REMEMBERED = 256;

    private final CredentialStore store;
    private final Map<String, FlowState> finished = new ConcurrentHashMap<>();

    public AuthImportFlow(CredentialStore store) {
        this.store = store;
    }

    @Override
    public String name() {
        return "import";
    }

    @Override
    public String description() {
        return "import a Factory auth.json (legacy CLI or key-pool format) or the CLI's encrypted auth.v2 file";
    }

    @Override
    public List<FlowField> startFields() {
        return List.of(
                FlowField.required("name", FlowField.Kind.TEXT, "Account name", null),
                FlowField.optional("auth", FlowField.Kind.JSON, "auth.json",
                        "The Factory CLI's auth.json (legacy or key-pool format)"),
                FlowField.optional("auth-v2-file", FlowField.Kind.TEXT, "auth.v2 file",
                        "Instead of auth.json: the CLI's encrypted auth.v2 content (iv:tag:ciphertext)"),
                FlowField.optional("auth-v2-key", FlowField.Kind.SECRET, "auth.v2 key", "The key that decrypts auth.v2"));
    }

    @Override
    public FlowState start(JsonObject input) throws GatewayException {
        String name = Jsons.str(input, "name");
        if (name == null || name.isBlank()) {
            throw GatewayException.invalid("name", "name is required (the account name to create or replace)");
        }
        AuthFiles.Imported imported;
        JsonValue auth = input.get("auth");
        if (auth != null && auth.getValueType() == JsonValue.ValueType.OBJECT) {
            imported = AuthFiles.read(auth.asJsonObject());
        } else if (Jsons.str(input, "auth-json") != null) {
            imported = AuthFiles.read(Jsons.str(input, "auth-json"));
        } else if (Jsons.str(input, "auth-v2-file") != null && Jsons.str(input, "auth-v2-key") != null) {
            imported = AuthFiles.readV2(Jsons.str(input, "auth-v2-file"), Jsons.str(input, "auth-v2-key"));
        } else {
            throw GatewayException.invalid("auth", "give 'auth' (object), 'auth-json' (text), or 'auth-v2-file' "
                    + "with 'auth-v2-key'");
        }
        store.upsert(name.strip(), imported.credentials());
        LOG.log(Level.INFO, "imported a {0} account {1}", new Object[]{imported.kind(), name.strip()});
        JsonObjectBuilder details = Jsons.objectBuilder().add("account", name.strip()).add("kind", imported.kind());
        if (imported.expiresAt() != null) {
            details.add("access-token-expires-at", imported.expiresAt().toString());
        }
        FlowState state = new FlowState(UUID.randomUUID().toString(), "completed", details.build());
        if (finished.size() >= MAX_REMEMBERED) {
            finished.clear(); // completed imports are only kept for a status look-up right after
        }
        finished.put(state.id(), state);
        return state;
    }

    @Override
    public FlowState status(String flowId) throws GatewayException {
        FlowState s = finished.get(flowId);
        if (s == null) {
            throw new GatewayException(ErrorKind.NOT_FOUND, "no import flow " + flowId);
        }
        return s;
    }

    @Override
    public void cancel(String flowId) throws GatewayException {
        if (finished.remove(flowId) == null) {
            throw new GatewayException(ErrorKind.NOT_FOUND, "no import flow " + flowId);
        }
    }
}
