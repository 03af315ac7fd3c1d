package dev.switchboard.kernel.store;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;
import org.jdbi.v3.core.Jdbi;

/**
 * Admin users and sessions. Passwords are stored with {@link PasswordHasher}; session
 * tokens are 32 random bytes (base64url) stored as SHA-256, so a copy of the database holds no usable token.
 * Sessions expire at a fixed time taken from the injected clock. Login throttling and loopback binding
 * belong to the admin API, not here.
 *
 * <p>Thread-safe.
 */
public final class AdminRepository {

    private static final Logger LOG = Logger.getLogger(AdminRepository.class.getName());
    private static final int TOKEN_BYTES = 32;

    private final Jdbi jdbi;
    private final Clock clock;
    private final boolean shared;

    public AdminRepository(Jdbi jdbi, Clock clock) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.shared = jdbi.getConfig(VendorConfig.class).vendor().shared();
    }

    public boolean hasUsers() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM admin_users").mapTo(Long.class).one()) > 0;
    }

    /**
     * Makes sure {@code username} exists with {@code password} (the configured admin password, applied at each
     * start). Keeps the stored hash when the password still matches it, so restarts do not end sessions. On a
     * change, an embedded database stores the new hash and ends the user's sessions; a shared database refuses
     * instead (see {@link #ensureSharedUser}). Returns true when something was written.
     *
     * @throws StorageException on a shared database whose stored password is another
     */
    public boolean ensureUser(String username, String password) {
        if (shared) {
            return ensureSharedUser(username, password);
        }
        Optional<String> stored = passwordHash(username);
        boolean matches = stored.isPresent() && PasswordHasher.verify(password, stored.get());
        if (matches && !PasswordHasher.needsRehash(stored.get())) {
            return false;
        }
        store(username, password, !matches);
        return true;
    }

    /**
     * Stores {@code password} as the user's (creating it if needed) and ends the user's sessions: an operator's
     * deliberate change ({@code switchboard admin store-password}, {@code admin reset-password}).
     */
    public void replacePassword(String username, String password) {
        store(username, password, true);
    }

    /**
     * Every gateway sharing a database must have the same admin password: one whose password differs from the
     * stored one refuses to start rather than overwrite it (which would end every session and lock the other
     * instances' operators out). Several starting at once on a new database insert the user once.
     */
    private boolean ensureSharedUser(String username, String password) {
        for (int attempt = 1; ; attempt++) {
            Optional<String> stored = passwordHash(username);
            if (stored.isPresent()) {
                if (!PasswordHasher.verify(password, stored.get())) {
                    throw new StorageException("admin.password differs from the admin password stored in the shared "
                            + "database by another gateway: every instance needs the same admin.password. To change "
                            + "it, run 'switchboard admin store-password' with the new configuration, then restart the "
                            + "instances with it.");
                }
                if (!PasswordHasher.needsRehash(stored.get())) {
                    return false;
                }
                // Conditional on the old hash, so a concurrent rehash by another instance is not overwritten.
                String hash = PasswordHasher.hash(password);
                jdbi.useHandle(h -> h.createUpdate("UPDATE admin_users SET password_hash = :h, updated_at = :now "
                                + "WHERE username = :u AND password_hash = :old")
                        .bind("h", hash).bind("now", clock.instant()).bind("u", username).bind("old", stored.get())
                        .execute());
                return true;
            }
            String hash = PasswordHasher.hash(password);
            Instant now = clock.instant();
            try {
                jdbi.useHandle(h -> h.createUpdate("INSERT INTO admin_users(username, password_hash, created_at, "
                                + "updated_at) VALUES (:u, :h, :now, :now)")
                        .bind("u", username).bind("h", hash).bind("now", now).execute());
                LOG.info(() -> "admin: stored the password of " + username);
                return true;
            } catch (RuntimeException e) {
                if (!SqlErrors.isDuplicateKey(e) || attempt >= 3) {
                    throw e;
                }
                // another instance inserted it first: check ours against theirs
            }
        }
    }

    private void store(String username, String password, boolean endSessions) {
        String hash = PasswordHasher.hash(password);
        Instant now = clock.instant();
        try {
            storeHash(username, hash, now, endSessions);
        } catch (RuntimeException e) {
            if (!SqlErrors.isDuplicateKey(e)) {
                throw e;
            }
            // Two callers inserted the user at once (the first start of two threads, or of two CLI commands): the
            // other's row exists now, so this one's update applies.
            storeHash(username, hash, now, endSessions);
        }
        LOG.info(() -> "admin: stored the password of " + username);
    }

    private void storeHash(String username, String hash, Instant now, boolean endSessions) {
        jdbi.useTransaction(h -> {
            int n = h.createUpdate("UPDATE admin_users SET password_hash = :h, updated_at = :now WHERE username = :u")
                    .bind("h", hash).bind("now", now).bind("u", username).execute();
            if (n == 0) {
                h.createUpdate("INSERT INTO admin_users(username, password_hash, created_at, updated_at) "
                                + "VALUES (:u, :h, :now, :now)")
                        .bind("u", username).bind("h", hash).bind("now", now).execute();
            } else if (endSessions) {
                h.createUpdate("DELETE FROM admin_sessions WHERE username = :u").bind("u", username).execute();
            }
        });
    }

    /**
     * Checks a login. An unknown user costs the same hash as a known one, so response time does not reveal
     * which usernames exist.
     */
    public boolean verifyPassword(String username, String password) {
        Optional<String> stored = passwordHash(username);
        boolean ok = PasswordHasher.verify(password, stored.orElse(DummyHash.VALUE));
        return ok && stored.isPresent();
    }

    public boolean deleteUser(String username) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM admin_users WHERE username = :u")
                .bind("u", username).execute()) == 1;
    }

    /** Starts a session for a user that exists; the token is returned once. */
    public NewAdminSession createSession(String username, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("session lifetime must be positive");
        }
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(Secrets.randomBytes(TOKEN_BYTES));
        Instant now = clock.instant();
        Instant expires = now.plus(ttl);
        try {
            jdbi.useHandle(h -> h.createUpdate("INSERT INTO admin_sessions(token_hash, username, created_at, expires_at) "
                            + "VALUES (:t, :u, :now, :exp)")
                    .bind("t", tokenHash(token)).bind("u", username).bind("now", now).bind("exp", expires).execute());
        } catch (RuntimeException e) {
            if (SqlErrors.isIntegrityViolation(e)) {
                throw new StorageException("no admin user named " + username, e);
            }
            throw e;
        }
        return new NewAdminSession(token, username, expires);
    }

    /** The session of a token, if it exists and has not expired by the clock's now. */
    public Optional<AdminSession> findSession(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        return jdbi.withHandle(h -> h.createQuery("SELECT username, created_at, expires_at FROM admin_sessions "
                        + "WHERE token_hash = :t AND expires_at > :now")
                .bind("t", tokenHash(token)).bind("now", clock.instant())
                .map((rs, ctx) -> new AdminSession(rs.getString("username"), SqlTime.instant(rs, "created_at"),
                        SqlTime.instant(rs, "expires_at")))
                .findOne());
    }

    /** Ends a session (logout). */
    public boolean deleteSession(String token) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM admin_sessions WHERE token_hash = :t")
                .bind("t", tokenHash(token)).execute()) == 1;
    }

    /** Ends every admin session (after a password reset); returns how many. */
    public int deleteAllSessions() {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM admin_sessions").execute());
    }

    /** Deletes expired sessions; returns how many. */
    public int deleteExpired() {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM admin_sessions WHERE expires_at <= :now")
                .bind("now", clock.instant()).execute());
    }

    private Optional<String> passwordHash(String username) {
        return jdbi.withHandle(h -> h.createQuery("SELECT password_hash FROM admin_users WHERE username = :u")
                .bind("u", username).mapTo(String.class).findOne());
    }

    private static String tokenHash(String token) {
        return Secrets.sha256Hex(token.getBytes(StandardCharsets.UTF_8));
    }

    /** Computed on first use only: one deliberate PBKDF2 run. */
    private static final class DummyHash {
        static final String VALUE = PasswordHasher.hash(Base64.getEncoder().encodeToString(Secrets.randomBytes(12)));
    }
}
