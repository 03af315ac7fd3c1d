package dev.switchboard.kernel.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testkit.MutableClock;
import dev.switchboard.kernel.store.AccountRepository.Outcome;
import dev.switchboard.spi.AccountState;
import dev.switchboard.spi.QuotaSnapshot;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.api.io.TempDir;

@BothDatabases
class AccountRepositoryTest {

    @Parameter
    StoreBackend backend;

    @TempDir
    Path dir;
    MutableClock clock = MutableClock.at("2025-03-10T12:00:00Z");
    Store store;
    AccountRepository accounts;

    @BeforeEach
    void open() {
        store = TestStores.open(backend, dir, clock);
        accounts = store.accounts();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static JsonObject creds(String apiKey) {
        return Json.createObjectBuilder().add("api-key", apiKey).build();
    }

    @Test
    void declaredAccountIsInsertedWhenNew() {
        var r = accounts.upsertDeclared(new AccountSpec("factory", "main", creds("sk-seed-1"), 2, 3, 4));
        assertEquals(Outcome.INSERTED, r.outcome());
        StoredAccount a = r.account();
        assertEquals("sk-seed-1", a.credentials().getString("api-key"));
        assertEquals(AccountSource.YAML, a.source());
        assertEquals(AccountState.ACTIVE, a.state());
        assertEquals(2, a.tier());
        assertEquals(3, a.weight());
        assertEquals(4, a.maxConcurrency());
        assertEquals(clock.instant(), a.createdAt());
    }

    @Test
    void restartWithSameSeedKeepsRotatedCredentialsAndStateButAppliesYamlSettings() {
        JsonObject seed = Json.createObjectBuilder().add("refresh-token", "rt-seed").add("client-id", "c1").build();
        long id = accounts.upsertDeclared(new AccountSpec("kiro", "a1", seed, 1, 1, null)).account().id();
        JsonObject rotated = Json.createObjectBuilder().add("refresh-token", "rt-rotated").add("client-id", "c1")
                .add("access-token", "at-2").build();
        assertTrue(accounts.updateCredentials(id, rotated));
        Instant until = clock.instant().plus(Duration.ofMinutes(5));
        assertTrue(accounts.setState(id, AccountState.COOLING, "429 from upstream", until));

        // Same secret, keys listed in another order (YAML order must not matter), new tier and weight.
        JsonObject sameSeed = Json.createObjectBuilder().add("client-id", "c1").add("refresh-token", "rt-seed").build();
        clock.advance(Duration.ofHours(1));
        var r = accounts.upsertDeclared(new AccountSpec("kiro", "a1", sameSeed, 2, 7, 5));

        assertEquals(Outcome.KEPT, r.outcome());
        StoredAccount a = r.account();
        assertEquals(id, a.id());
        assertEquals(rotated, a.credentials());
        assertEquals(AccountState.COOLING, a.state());
        assertEquals("429 from upstream", a.stateReason());
        assertEquals(until, a.stateUntil());
        assertEquals(2, a.tier());
        assertEquals(7, a.weight());
        assertEquals(5, a.maxConcurrency());
    }

    @Test
    void changedSeedReplacesCredentialsAndResetsState() {
        long id = accounts.upsertDeclared(new AccountSpec("kiro", "a1", creds("old-secret"), 1, 1, null)).account().id();
        accounts.updateCredentials(id, creds("rotated-from-old"));
        accounts.setState(id, AccountState.REAUTH_REQUIRED, "401 after refresh", null);
        accounts.updateQuota(id, new QuotaSnapshot(90.0, 100.0, null, "credits"));

        var r = accounts.upsertDeclared(new AccountSpec("kiro", "a1", creds("new-secret"), 1, 1, null));

        assertEquals(Outcome.REPLACED, r.outcome());
        assertEquals(id, r.account().id());
        assertEquals("new-secret", r.account().credentials().getString("api-key"));
        assertEquals(AccountState.ACTIVE, r.account().state());
        assertNull(r.account().stateReason());
        assertNull(r.account().quota(), "quota figures of the old secret are stale");

        // And the replaced seed is now the one that is kept on the next start.
        accounts.updateCredentials(id, creds("rotated-from-new"));
        assertEquals(Outcome.KEPT, accounts.upsertDeclared(new AccountSpec("kiro", "a1", creds("new-secret"), 1, 1, null)).outcome());
        assertEquals("rotated-from-new", accounts.find(id).orElseThrow().credentials().getString("api-key"));
    }

    @Test
    void adminAccountDeclaredLaterInYamlIsTakenOverByTheYamlSecret() {
        accounts.insert(AccountSpec.of("p", "shared", creds("admin-secret")), AccountSource.ADMIN);
        var r = accounts.upsertDeclared(AccountSpec.of("p", "shared", creds("yaml-secret")));
        assertEquals(Outcome.REPLACED, r.outcome());
        assertEquals(AccountSource.YAML, r.account().source());
        assertEquals("yaml-secret", r.account().credentials().getString("api-key"));
    }

    @Test
    void concurrentFirstUpsertsOfOneAccountAllSucceedAndLeaveOneRow() throws Exception {
        AtomicInteger inserted = new AtomicInteger();
        TestStores.concurrently(20, 1, (t, i) -> {
            if (accounts.upsertDeclared(AccountSpec.of("p", "race", creds("s"))).outcome() == Outcome.INSERTED) {
                inserted.incrementAndGet();
            }
        });
        assertEquals(1, inserted.get());
        assertEquals(1, accounts.list("p").size());
    }

    @Test
    void credentialsAreNotStoredInClear() {
        String secret = "sk-very-secret-value-123";
        accounts.insert(AccountSpec.of("openai", "main", creds(secret)), AccountSource.ADMIN);
        accounts.upsertDeclared(AccountSpec.of("openai", "yaml", creds(secret)));
        List<String> raw = store.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT credentials_enc || ' ' || COALESCE(seed_fingerprint, '') FROM accounts").mapTo(String.class).list());
        assertEquals(2, raw.size());
        for (String row : raw) {
            assertFalse(row.contains(secret), row);
            assertFalse(row.contains("api-key"), row);
            assertTrue(row.startsWith("v1:"), row);
        }
        String plainSha = Secrets.sha256Hex(CanonicalJson.write(creds(secret)));
        assertFalse(raw.get(1).contains(plainSha), "the seed fingerprint must be keyed, not a bare SHA-256");
        assertEquals(secret, accounts.find("openai", "main").orElseThrow().credentials().getString("api-key"));
    }

    @Test
    void ciphertextCopiedToAnotherRowDoesNotDecrypt() {
        long a = accounts.insert(AccountSpec.of("p", "alice", creds("alice-key")), AccountSource.ADMIN).id();
        long b = accounts.insert(AccountSpec.of("p", "bob", creds("bob-key")), AccountSource.ADMIN).id();
        store.database().jdbi().useHandle(h -> h.createUpdate("UPDATE accounts SET credentials_enc = "
                + "(SELECT credentials_enc FROM accounts WHERE id = :a) WHERE id = :b").bind("a", a).bind("b", b).execute());

        StorageException e = assertThrows(StorageException.class, () -> accounts.find(b));
        assertTrue(e.getMessage().contains("p/bob"), e.getMessage());
        assertFalse(e.getMessage().contains("alice-key"));
        assertEquals("alice-key", accounts.find(a).orElseThrow().credentials().getString("api-key"));
    }

    @Test
    void countersLoseNothingUnder200VirtualThreads() throws Exception {
        long id = accounts.insert(AccountSpec.of("p", "hot", creds("k")), AccountSource.ADMIN).id();
        TestStores.concurrently(200, 50, (t, i) -> {
            if (i % 5 == 4) {
                accounts.recordError(id, "upstream 500");
            } else {
                accounts.recordSuccess(id, 3, 7);
            }
        });
        AccountStats s = accounts.find(id).orElseThrow().stats();
        assertEquals(10_000, s.requestCount());
        assertEquals(8_000, s.successCount());
        assertEquals(2_000, s.errorCount());
        assertEquals(24_000, s.inputTokens());
        assertEquals(56_000, s.outputTokens());
        assertEquals("upstream 500", s.lastError());
        assertEquals(clock.instant(), s.lastErrorAt());
    }

    @Test
    void stateQuotaSettingsAndDelete() {
        long id = accounts.insert(AccountSpec.of("p", "x", creds("k")), AccountSource.FLOW).id();
        Instant until = clock.instant().plusSeconds(30);
        assertTrue(accounts.setState(id, AccountState.EXHAUSTED, "402", until));
        assertFalse(accounts.setStateIf(id, AccountState.COOLING, AccountState.ACTIVE, null, null),
                "compare-and-set must not end a state it did not expect");
        assertTrue(accounts.setStateIf(id, AccountState.EXHAUSTED, AccountState.ACTIVE, null, null));
        assertEquals(AccountState.ACTIVE, accounts.find(id).orElseThrow().state());

        QuotaSnapshot q = new QuotaSnapshot(12.5, 100.0, Instant.parse("2025-04-01T00:00:00Z"), "credits");
        assertTrue(accounts.updateQuota(id, q));
        assertEquals(q, accounts.find(id).orElseThrow().quota());
        assertTrue(accounts.updateSettings(id, 3, 2, 8));
        StoredAccount a = accounts.find(id).orElseThrow();
        assertEquals(3, a.tier());
        assertEquals(8, a.maxConcurrency());
        assertEquals(AccountSource.FLOW, a.source());

        assertThrows(StorageException.class, () -> accounts.insert(AccountSpec.of("p", "x", creds("k2")), AccountSource.ADMIN));
        assertTrue(accounts.delete(id));
        assertTrue(accounts.find(id).isEmpty());
        assertFalse(accounts.updateCredentials(id, creds("z")));
    }

    @Test
    void listIsPerProviderByTier() {
        accounts.insert(new AccountSpec("p", "t2", creds("a"), 2, 1, null), AccountSource.ADMIN);
        accounts.insert(new AccountSpec("p", "t1", creds("b"), 1, 1, null), AccountSource.ADMIN);
        accounts.insert(AccountSpec.of("other", "o", creds("c")), AccountSource.ADMIN);
        assertEquals(List.of("t1", "t2"), accounts.list("p").stream().map(StoredAccount::name).toList());
        assertEquals(3, accounts.listAll().size());
    }
}
