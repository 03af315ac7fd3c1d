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

    public AdminRepository(Jdbi jdbi, Clock clock) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public boolean hasUsers() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM admin_users").mapTo(Long.class).one()) > 0;
    }

    /**
     * Makes sure {@code username} exists with {@code password} (the configured admin password, applied at each
     * start). Keeps the stored hash when the password still matches it, so restarts do not end sessions; on a
     * change stores a new hash and ends the user's sessions. Returns true when something was written.
     */
    public boolean ensureUser(String username, String password) {
        Optional<String> stored = passwordHash(username);
        boolean matches = stored.isPresent() && PasswordHasher.verify(password, stored.get());
        if (matches && !PasswordHasher.needsRehash(stored.get())) {
            return false;
        }
        String hash = PasswordHasher.hash(password);
        Instant now = clock.instant();
        jdbi.useTransaction(h -> {
            int n = h.createUpdate("UPDATE admin_users SET password_hash = :h, updated_at = :now WHERE username = :u")
                    .bind("h", hash).bind("now", now).bind("u", username).execute();
            if (n == 0) {
                h.createUpdate("INSERT INTO admin_users(username, password_hash, created_at, updated_at) "
                                + "VALUES (:u, :h, :now, :now)")
                        .bind("u", username).bind("h", hash).bind("now", now).execute();
            } else if (!matches) {
                h.createUpdate("DELETE FROM admin_sessions WHERE username = :u").bind("u", username).execute();
            }
        });
        LOG.info(() -> "admin: stored the password of " + username);
        return true;
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
