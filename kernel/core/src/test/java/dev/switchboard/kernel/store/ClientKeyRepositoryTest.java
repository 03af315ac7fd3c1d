package dev.switchboard.kernel.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testkit.MutableClock;
import dev.switchboard.kernel.store.KeyCheck.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.api.io.TempDir;

@BothDatabases
class ClientKeyRepositoryTest {

    @Parameter
    StoreBackend backend;

    @TempDir
    Path dir;
    MutableClock clock = MutableClock.at("2025-03-10T12:00:00Z");
    Store store;
    ClientKeyRepository keys;

    @BeforeEach
    void open() {
        store = TestStores.open(backend, dir, clock);
        keys = store.clientKeys();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void createdKeyHasTheDocumentedFormatAndVerifies() {
        CreatedClientKey created = keys.create(new ClientKeySpec("ci", List.of("claude-*", "gpt-4o"), 60, 1000L, 20000L, null));
        String plain = created.plaintext();
        assertTrue(plain.matches("sk-sb-[0-9A-Za-z]{40}"), plain);
        assertEquals(plain.substring(0, 12), created.key().prefix());
        assertFalse(created.toString().contains(plain));

        KeyCheck check = keys.verify(plain);
        assertEquals(Status.VALID, check.status());
        assertEquals("ci", check.key().name());
        assertEquals(List.of("claude-*", "gpt-4o"), check.key().models());
        assertEquals(60, check.key().rpm());
        assertEquals(1000L, check.key().dailyTokenQuota());
        assertEquals(20000L, check.key().monthlyTokenQuota());
        assertEquals(ClientKeySource.ADMIN, check.key().source());
    }

    @Test
    void wrongMissingAndRevokedKeysAreRejected() {
        String plain = keys.create(ClientKeySpec.named("a")).plaintext();
        char last = plain.charAt(plain.length() - 1);
        String wrong = plain.substring(0, plain.length() - 1) + (last == 'x' ? 'y' : 'x');
        assertEquals(Status.UNKNOWN, keys.verify(wrong).status(), "same prefix, wrong secret");
        assertNull(keys.verify(wrong).key());
        assertEquals(Status.UNKNOWN, keys.verify("sk-sb-nothing-like-it").status());
        assertEquals(Status.UNKNOWN, keys.verify("").status());
        assertEquals(Status.UNKNOWN, keys.verify(null).status());

        long id = keys.verify(plain).key().id();
        assertTrue(keys.revoke(id));
        assertFalse(keys.revoke(id), "already revoked");
        KeyCheck check = keys.verify(plain);
        assertEquals(Status.REVOKED, check.status());
        assertFalse(check.valid());
        assertEquals(clock.instant(), check.key().revokedAt());
    }

    @Test
    void expiryFollowsTheClock() {
        Instant expires = clock.instant().plus(Duration.ofDays(1));
        String plain = keys.create(new ClientKeySpec("temp", null, null, null, null, expires)).plaintext();
        assertEquals(Status.VALID, keys.verify(plain).status());
        assertTrue(keys.anyExists());
        clock.advance(Duration.ofDays(1));
        assertEquals(Status.EXPIRED, keys.verify(plain).status());
        assertTrue(keys.anyExists(), "an expired key still exists: clients stay locked out, not opened to loopback");
    }

    @Test
    void listAndTableHoldNoSecret() {
        String plain = keys.create(ClientKeySpec.named("listed")).plaintext();
        List<ClientKey> listed = keys.list();
        assertEquals(1, listed.size());
        assertFalse(listed.get(0).toString().contains(plain.substring(12)));
        List<String> rows = store.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT name || prefix || key_hash || salt FROM client_keys").mapTo(String.class).list());
        assertFalse(rows.get(0).contains(plain), "plaintext key stored");
        assertFalse(rows.get(0).contains(plain.substring(12)), "secret part stored");
        assertNull(listed.get(0).models(), "null models means every model");
    }

    @Test
    void keysSharingAPrefixAreToldApart() {
        keys.upsertDeclared(ClientKeySpec.named("one"), "sk-sb-SAMEPR-first-secret-0123456789");
        keys.upsertDeclared(ClientKeySpec.named("two"), "sk-sb-SAMEPR-second-secret-987654321");
        assertEquals("one", keys.verify("sk-sb-SAMEPR-first-secret-0123456789").key().name());
        assertEquals("two", keys.verify("sk-sb-SAMEPR-second-secret-987654321").key().name());
    }

    @Test
    void declaredKeyKeepsStoredStateUntilTheKeyChanges() {
        String v1 = "sk-declared-in-yaml-0001-abcdefghij";
        ClientKey k = keys.upsertDeclared(new ClientKeySpec("yaml-key", null, 10, null, null, null), v1);
        assertEquals(ClientKeySource.YAML, k.source());
        keys.revoke(k.id());

        // Restart with the same key and a new rpm: the admin's revocation stands, the rpm follows the YAML.
        ClientKey again = keys.upsertDeclared(new ClientKeySpec("yaml-key", null, 20, null, null, null), v1);
        assertEquals(k.id(), again.id());
        assertEquals(20, again.rpm());
        assertEquals(Status.REVOKED, keys.verify(v1).status());

        // A new key in the YAML replaces the old one and is usable.
        String v2 = "sk-declared-in-yaml-0002-klmnopqrst";
        keys.upsertDeclared(new ClientKeySpec("yaml-key", null, 20, null, null, null), v2);
        assertEquals(Status.VALID, keys.verify(v2).status());
        assertEquals(Status.UNKNOWN, keys.verify(v1).status());
        assertEquals(1, keys.list().size());
    }

    @Test
    void duplicateNamesTouchUpdateAndDelete() {
        CreatedClientKey c = keys.create(ClientKeySpec.named("dup"));
        assertThrows(StorageException.class, () -> keys.create(ClientKeySpec.named("dup")));
        clock.advance(Duration.ofMinutes(3));
        assertTrue(keys.touch(c.key().id()));
        assertEquals(clock.instant(), keys.find("dup").orElseThrow().lastUsedAt());
        assertTrue(keys.update(c.key().id(), new ClientKeySpec("renamed", List.of("m"), 5, null, null, null)));
        assertEquals(List.of("m"), keys.verify(c.plaintext()).key().models());
        keys.create(ClientKeySpec.named("taken"));
        assertThrows(StorageException.class, () -> keys.update(c.key().id(), ClientKeySpec.named("taken")));
        assertThrows(IllegalArgumentException.class, () -> new ClientKeySpec("bad", null, 0, null, null, null));
        assertTrue(keys.delete(c.key().id()));
        assertEquals(Status.UNKNOWN, keys.verify(c.plaintext()).status());
    }
}
