package dev.switchboard.kernel.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.api.io.TempDir;

@BothDatabases
class AdminRepositoryTest {

    @Parameter
    StoreBackend backend;

    @TempDir
    Path dir;
    MutableClock clock = MutableClock.at("2025-03-10T12:00:00Z");
    Store store;
    AdminRepository admin;

    @BeforeEach
    void open() {
        store = TestStores.open(backend, dir, clock);
        admin = store.admin();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void passwordHashIsSlowSaltedPbkdf2() {
        String h1 = PasswordHasher.hash("correct horse");
        String h2 = PasswordHasher.hash("correct horse");
        assertNotEquals(h1, h2, "salted");
        String[] parts = h1.split("\\$");
        assertEquals(4, parts.length, h1);
        assertEquals("pbkdf2", parts[0]);
        assertTrue(Integer.parseInt(parts[1]) >= 210_000, h1);
        assertEquals(16, Base64.getDecoder().decode(parts[2]).length);
        assertEquals(32, Base64.getDecoder().decode(parts[3]).length);
        assertTrue(PasswordHasher.verify("correct horse", h1));
        assertFalse(PasswordHasher.verify("correct horse ", h1));
        assertFalse(PasswordHasher.verify("x", "pbkdf2$notanumber$AA$AA"));
        assertFalse(PasswordHasher.needsRehash(h1));
        assertTrue(PasswordHasher.needsRehash("pbkdf2$1000$" + parts[2] + "$" + parts[3]));
    }

    @Test
    void configuredPasswordIsStoredHashedAndVerified() {
        assertFalse(admin.hasUsers());
        assertTrue(admin.ensureUser("admin", "s3cret-admin-pw"));
        assertTrue(admin.hasUsers());
        assertFalse(admin.ensureUser("admin", "s3cret-admin-pw"), "same password on restart writes nothing");
        assertTrue(admin.verifyPassword("admin", "s3cret-admin-pw"));
        assertFalse(admin.verifyPassword("admin", "wrong"));
        assertFalse(admin.verifyPassword("nobody", "s3cret-admin-pw"));
        String stored = store.database().jdbi().withHandle(h -> h.createQuery("SELECT password_hash FROM admin_users")
                .mapTo(String.class).one());
        assertTrue(stored.startsWith("pbkdf2$"), stored);
        assertFalse(stored.contains("s3cret-admin-pw"));
    }

    @Test
    void sessionsExpireByTheClock() {
        admin.ensureUser("admin", "pw-1234567890");
        NewAdminSession s = admin.createSession("admin", Duration.ofMinutes(30));
        assertEquals(clock.instant().plus(Duration.ofMinutes(30)), s.expiresAt());
        assertFalse(s.toString().contains(s.token()));
        assertEquals("admin", admin.findSession(s.token()).orElseThrow().username());
        assertTrue(admin.findSession("not-a-token").isEmpty());

        clock.advance(Duration.ofMinutes(29));
        assertTrue(admin.findSession(s.token()).isPresent());
        clock.advance(Duration.ofMinutes(1));
        assertTrue(admin.findSession(s.token()).isEmpty(), "expired at exactly expires_at");
        assertEquals(1, admin.deleteExpired());
        assertEquals(0, admin.deleteExpired());
    }

    @Test
    void tokensAreStoredHashedAndLogoutAndPasswordChangeEndSessions() {
        admin.ensureUser("admin", "first-password");
        NewAdminSession a = admin.createSession("admin", Duration.ofHours(1));
        NewAdminSession b = admin.createSession("admin", Duration.ofHours(1));
        List<String> hashes = store.database().jdbi().withHandle(h -> h.createQuery("SELECT token_hash FROM admin_sessions")
                .mapTo(String.class).list());
        assertFalse(hashes.contains(a.token()));
        assertTrue(hashes.contains(Secrets.sha256Hex(a.token())));

        assertTrue(admin.deleteSession(a.token()));
        assertTrue(admin.findSession(a.token()).isEmpty());
        assertTrue(admin.findSession(b.token()).isPresent());

        if (backend.shared()) {
            // Another gateway's configuration must not overwrite the shared password and end everyone's sessions.
            StorageException e = assertThrows(StorageException.class, () -> admin.ensureUser("admin", "second-password"));
            assertTrue(e.getMessage().contains("same admin.password") && e.getMessage().contains("store-password"),
                    e.getMessage());
            assertTrue(admin.findSession(b.token()).isPresent(), "a refused password leaves the sessions alone");
            admin.replacePassword("admin", "second-password"); // the operator's deliberate change
        } else {
            assertTrue(admin.ensureUser("admin", "second-password"));
        }
        assertTrue(admin.findSession(b.token()).isEmpty(), "a new password ends old sessions");
        assertTrue(admin.verifyPassword("admin", "second-password"));
    }

    @Test
    void gatewaysStartingAtOnceWithTheSamePasswordStoreTheUserOnce() throws Exception {
        TestStores.concurrently(3, 1, (t, i) -> admin.ensureUser("admin", "same-everywhere"));
        long users = store.database().jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM admin_users")
                .mapTo(Long.class).one());
        assertEquals(1, users);
        assertTrue(admin.verifyPassword("admin", "same-everywhere"));
    }

    @Test
    void sessionNeedsAnExistingUser() {
        StorageException e = org.junit.jupiter.api.Assertions.assertThrows(StorageException.class,
                () -> admin.createSession("ghost", Duration.ofMinutes(5)));
        assertTrue(e.getMessage().contains("ghost"), e.getMessage());
    }
}
