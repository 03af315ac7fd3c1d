package dev.switchboard.kernel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.kernel.pool.AccountRecord;
import dev.switchboard.spi.AccountState;
import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code config check} keeps of the accounts its providers add, and that it changes nothing else. */
class CheckOnlyAccountStoreTest {
    private final CheckOnlyAccountStore store = new CheckOnlyAccountStore(Clock.systemUTC());
    private final JsonObject key = Jsons.objectBuilder().add("api-key", "k").build();

    @Test
    void declaredAndPluginAddedAccountsAreListedPerProvider() {
        store.upsertDeclared("p", "a", key, 1, 1, null, true);
        store.upsertDeclared("p", "off", key, 2, 1, null, false);
        store.upsert("p", "env-KEY", key, "flow", 1, 1, null);
        store.upsertDeclared("q", "a", key, 1, 1, null, true);
        List<AccountRecord> p = store.list("p");
        assertEquals(List.of("a", "off", "env-KEY"), p.stream().map(AccountRecord::name).toList());
        assertEquals(AccountState.DISABLED, store.find("p", "off").orElseThrow().state());
        assertEquals(AccountState.ACTIVE, store.find("p", "a").orElseThrow().state());
        assertEquals(1, store.list("q").size());

        long id = store.find("p", "a").orElseThrow().id();
        assertEquals(id, store.upsert("p", "a", key, "flow", 3, 1, null).id(), "the same name is the same account");
        assertEquals(3, store.find("p", "a").orElseThrow().tier());
    }

    @Test
    void everyOtherChangeIsRefused() {
        long id = store.upsertDeclared("p", "a", key, 1, 1, null, true).id();
        assertThrows(UnsupportedOperationException.class,
                () -> store.updateState(id, AccountState.COOLING, "x", null));
        assertThrows(UnsupportedOperationException.class, () -> store.recordSuccess(id, 1, 1, null));
        assertThrows(UnsupportedOperationException.class, () -> store.updateCredentials(id, key));
        assertThrows(UnsupportedOperationException.class, () -> store.delete(id));
    }
}
