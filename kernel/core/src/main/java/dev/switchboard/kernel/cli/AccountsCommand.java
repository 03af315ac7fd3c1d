package dev.switchboard.kernel.cli;

import dev.switchboard.kernel.config.AccountEntry;
import dev.switchboard.kernel.pool.AccountStore;
import dev.switchboard.kernel.pool.PooledAccount;
import dev.switchboard.kernel.runtime.AccountImport;
import dev.switchboard.kernel.runtime.ProviderInstance;
import dev.switchboard.kernel.runtime.ProviderRegistry;
import dev.switchboard.kernel.store.PoolAccountStore;
import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code switchboard accounts import PROVIDER FILE}: adds or replaces the accounts of a JSON file — the admin
 * API's export ({@code {"accounts": [...]}}, exported with secrets) or a bare list — in a provider instance of the
 * configuration. Each account is validated by the provider's plugin, like an admin-API import; nothing is stored
 * unless every entry is well-formed.
 */
final class AccountsCommand {
    private AccountsCommand() {
    }

    static int run(CliContext ctx, CliArgs args, Path callerDir) throws CliException {
        String sub = args.word(1);
        if (!"import".equals(sub)) {
            throw CliException.usage(sub == null ? "accounts needs a subcommand: import"
                    : "unknown accounts subcommand '" + sub + "' (import)");
        }
        args.onlyOptions(Set.of(), "accounts import");
        args.atMostWords(4, "accounts import PROVIDER FILE");
        String provider = args.word(2);
        String file = args.word(3);
        if (provider == null || file == null) {
            throw CliException.usage("accounts import needs a PROVIDER and a FILE");
        }
        Path path = callerDir.resolve(file).normalize();
        List<JsonObject> accounts = read(path);
        ProviderRegistry providers = ctx.providersOfStore();
        ProviderInstance i = providers.get(provider);
        if (i == null) {
            List<String> ids = providers.all().stream().map(ProviderInstance::id).toList();
            throw CliException.failed("no provider '" + provider + "' in " + ctx.config().loaded().source()
                    + " (providers: " + (ids.isEmpty() ? "none" : String.join(", ", ids)) + ")");
        }
        if (!i.ready()) {
            throw CliException.failed("provider '" + provider + "' cannot take accounts: " + i.failure());
        }
        List<AccountEntry> valid = new ArrayList<>();
        for (int n = 0; n < accounts.size(); n++) {
            try {
                valid.add(AccountImport.validate(i, accounts.get(n), path + " accounts[" + n + "]"));
            } catch (ConfigException e) {
                throw CliException.failed(e.getMessage() + "; nothing was imported");
            }
        }
        AccountStore store = new PoolAccountStore(ctx.store().accounts());
        List<String> names = new ArrayList<>();
        for (AccountEntry e : valid) {
            PooledAccount a = AccountImport.store(i, store, e, "admin");
            names.add(a.name());
        }
        ctx.out.println("imported " + ConfigCheckCommand.count(names.size(), "account") + " into " + provider
                + (names.isEmpty() ? "" : ": " + String.join(", ", names)));
        return 0;
    }

    /** The file's accounts, checked for shape and masked secrets before anything is stored. */
    private static List<JsonObject> read(Path path) throws CliException {
        JsonValue doc;
        try {
            doc = Jsons.parseValue(Files.readString(path));
        } catch (IOException e) {
            throw CliException.failed("cannot read " + path + ": " + e.getMessage());
        } catch (JsonException e) {
            throw CliException.failed(path + " is not valid JSON: " + e.getMessage());
        }
        JsonArray list = doc.getValueType() == JsonValue.ValueType.ARRAY ? doc.asJsonArray()
                : doc.getValueType() == JsonValue.ValueType.OBJECT ? Jsons.arr(doc.asJsonObject(), "accounts") : null;
        if (list == null) {
            throw CliException.failed(path + " must hold {\"accounts\": [ ... ]} (the admin API's export) or a list");
        }
        List<JsonObject> out = new ArrayList<>();
        for (int n = 0; n < list.size(); n++) {
            JsonValue v = list.get(n);
            if (v.getValueType() != JsonValue.ValueType.OBJECT) {
                throw CliException.failed(path + ": accounts[" + n + "] must be an object");
            }
            if (AccountImport.hasMaskedSecrets(v.asJsonObject())) {
                throw CliException.failed(path + ": accounts[" + n + "] has masked secrets ('***'); export with "
                        + "include_secrets=true");
            }
            out.add(v.asJsonObject());
        }
        return out;
    }
}
