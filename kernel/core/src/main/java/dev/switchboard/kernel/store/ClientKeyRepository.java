package dev.switchboard.kernel.store;

import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonString;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.Update;

/**
 * The {@code client_keys} table. A generated key is {@code sk-sb-} plus 40 base62 characters (about 238 random
 * bits); the store keeps only its first 12 characters (for display and lookup) and a salted SHA-256. A fast
 * hash is enough for keys of that entropy; the salt makes equal keys hash differently. Verification looks the
 * prefix up and compares digests in constant time ({@link MessageDigest#isEqual}).
 *
 * <p>Thread-safe; each method is one short transaction or statement.
 */
public final class ClientKeyRepository {

    private static final Logger LOG = Logger.getLogger(ClientKeyRepository.class.getName());
    public static final String KEY_PREFIX = "sk-sb-";
    static final int RANDOM_CHARS = 40;
    static final int PREFIX_LENGTH = 12;
    private static final int SALT_BYTES = 16;
    private static final int WEAK_KEY_LENGTH = 20;

    private final Jdbi jdbi;
    private final Clock clock;

    public ClientKeyRepository(Jdbi jdbi, Clock clock) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Creates a key through the admin API and returns its plaintext, the only time it is available.
     *
     * @throws StorageException when a key with that name exists
     */
    public CreatedClientKey create(ClientKeySpec spec) {
        String plaintext = KEY_PREFIX + Secrets.randomBase62(RANDOM_CHARS);
        try {
            long id = insert(spec, plaintext, ClientKeySource.ADMIN);
            return new CreatedClientKey(find(id).orElseThrow(), plaintext);
        } catch (RuntimeException e) {
            if (SqlErrors.isDuplicateKey(e)) {
                throw new StorageException("a client key named " + spec.name() + " already exists", e);
            }
            throw e;
        }
    }

    /**
     * Applies a key declared in YAML ({@code clients.keys}). Settings always follow the YAML. If the declared key
     * still matches the stored hash, the stored row (revocation, last use) is kept; if the key itself changed,
     * the new hash replaces the old and a revocation of the old key is lifted.
     */
    public ClientKey upsertDeclared(ClientKeySpec spec, String plaintext) {
        Objects.requireNonNull(plaintext, "plaintext");
        if (plaintext.length() < WEAK_KEY_LENGTH) {
            LOG.warning(() -> "client key " + spec.name() + " from the configuration is shorter than " + WEAK_KEY_LENGTH
                    + " characters; use a long random key");
        }
        for (int attempt = 1; ; attempt++) {
            Optional<String[]> stored = jdbi.withHandle(h -> h.createQuery(
                            "SELECT salt, key_hash FROM client_keys WHERE name = :n")
                    .bind("n", spec.name()).map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2)}).findOne());
            if (stored.isEmpty()) {
                try {
                    insert(spec, plaintext, ClientKeySource.YAML);
                    return find(spec.name()).orElseThrow();
                } catch (RuntimeException e) {
                    if (!SqlErrors.isDuplicateKey(e) || attempt >= 3) {
                        throw e;
                    }
                    continue;
                }
            }
            boolean same = matches(plaintext, stored.get()[0], stored.get()[1]);
            int n;
            if (same) {
                n = jdbi.withHandle(h -> bindSettings(h.createUpdate("UPDATE client_keys SET models = :models, rpm = :rpm, "
                        + "daily_token_quota = :daily, monthly_token_quota = :monthly, expires_at = :exp, "
                        + "daily_cost_limit = :dailyCost, monthly_cost_limit = :monthlyCost, source = 'yaml' "
                        + "WHERE name = :n"), spec).execute());
            } else {
                String salt = HexFormat.of().formatHex(Secrets.randomBytes(SALT_BYTES));
                // Conditional on the old hash: if another writer replaced it meanwhile, start over.
                n = jdbi.withHandle(h -> bindSettings(h.createUpdate("UPDATE client_keys SET models = :models, rpm = :rpm, "
                                + "daily_token_quota = :daily, monthly_token_quota = :monthly, expires_at = :exp, "
                                + "daily_cost_limit = :dailyCost, monthly_cost_limit = :monthlyCost, "
                                + "source = 'yaml', prefix = :prefix, salt = :salt, key_hash = :hash, revoked_at = NULL "
                                + "WHERE name = :n AND key_hash = :old"), spec)
                        .bind("prefix", prefixOf(plaintext)).bind("salt", salt).bind("hash", hash(salt, plaintext))
                        .bind("old", stored.get()[1]).execute());
            }
            if (n == 1) {
                return find(spec.name()).orElseThrow();
            }
            if (attempt >= 3) {
                throw new StorageException("client key " + spec.name() + " changed concurrently; try again");
            }
        }
    }

    /**
     * Checks a presented key. Looks candidates up by prefix and compares salted digests in constant time;
     * revoked and expired matches are reported as such so the caller can answer precisely.
     */
    public KeyCheck verify(String presented) {
        if (presented == null || presented.isEmpty()) {
            return KeyCheck.unknown();
        }
        List<Candidate> candidates = jdbi.withHandle(h -> h.createQuery("SELECT * FROM client_keys WHERE prefix = :p")
                .bind("p", prefixOf(presented))
                .map((rs, ctx) -> new Candidate(map(rs, ctx), rs.getString("salt"), rs.getString("key_hash"))).list());
        for (Candidate c : candidates) {
            if (matches(presented, c.salt(), c.hash())) {
                ClientKey key = c.key();
                if (key.revoked()) {
                    return new KeyCheck(KeyCheck.Status.REVOKED, key);
                }
                if (key.expiredAt(clock.instant())) {
                    return new KeyCheck(KeyCheck.Status.EXPIRED, key);
                }
                return new KeyCheck(KeyCheck.Status.VALID, key);
            }
        }
        return KeyCheck.unknown();
    }

    /** Every key, without secrets, by name. */
    public List<ClientKey> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM client_keys ORDER BY name").map(this::map).list());
    }

    public Optional<ClientKey> find(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM client_keys WHERE id = :id").bind("id", id)
                .map(this::map).findOne());
    }

    public Optional<ClientKey> find(String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM client_keys WHERE name = :n").bind("n", name)
                .map(this::map).findOne());
    }

    /**
     * True when any key exists, revoked and expired ones included. Loopback-only mode is for a
     * gateway that never had keys: revoking every key must lock clients out, not open the gateway to loopback
     * callers with any key.
     */
    public boolean anyExists() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM client_keys").mapTo(Long.class).one()) > 0;
    }

    /** Changes a key's settings (admin). Returns false when it does not exist. */
    public boolean update(long id, ClientKeySpec spec) {
        try {
            return jdbi.withHandle(h -> bindSettings(h.createUpdate("UPDATE client_keys SET name = :n, models = :models, "
                    + "rpm = :rpm, daily_token_quota = :daily, monthly_token_quota = :monthly, expires_at = :exp, "
                    + "daily_cost_limit = :dailyCost, monthly_cost_limit = :monthlyCost WHERE id = :id"), spec)
                    .bind("id", id).execute()) == 1;
        } catch (RuntimeException e) {
            if (SqlErrors.isDuplicateKey(e)) {
                throw new StorageException("a client key named " + spec.name() + " already exists", e);
            }
            throw e;
        }
    }

    /** Revokes a key; returns false when it does not exist or was already revoked. */
    public boolean revoke(long id) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE client_keys SET revoked_at = :now "
                        + "WHERE id = :id AND revoked_at IS NULL")
                .bind("now", clock.instant()).bind("id", id).execute()) == 1;
    }

    /** Records a use. Each call is a durable write: callers on the request path may throttle it. */
    public boolean touch(long id) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE client_keys SET last_used_at = :now WHERE id = :id")
                .bind("now", clock.instant()).bind("id", id).execute()) == 1;
    }

    public boolean delete(long id) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM client_keys WHERE id = :id").bind("id", id).execute()) == 1;
    }

    private long insert(ClientKeySpec spec, String plaintext, ClientKeySource source) {
        String salt = HexFormat.of().formatHex(Secrets.randomBytes(SALT_BYTES));
        return jdbi.withHandle(h -> bindSettings(h.createUpdate("INSERT INTO client_keys(name, prefix, key_hash, salt, "
                        + "models, rpm, daily_token_quota, monthly_token_quota, expires_at, daily_cost_limit, monthly_cost_limit, "
                        + "created_at, source) VALUES (:n, :prefix, :hash, :salt, :models, :rpm, :daily, :monthly, :exp, "
                        + ":dailyCost, :monthlyCost, :now, :src)"), spec)
                .bind("prefix", prefixOf(plaintext)).bind("hash", hash(salt, plaintext)).bind("salt", salt)
                .bind("now", clock.instant()).bind("src", source.wire())
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
    }

    private static Update bindSettings(Update u, ClientKeySpec spec) {
        return u.bind("n", spec.name()).bind("models", modelsJson(spec.models())).bind("rpm", spec.rpm())
                .bind("daily", spec.dailyTokenQuota()).bind("monthly", spec.monthlyTokenQuota())
                .bind("exp", spec.expiresAt()).bind("dailyCost", spec.dailyCostLimit())
                .bind("monthlyCost", spec.monthlyCostLimit());
    }

    static String prefixOf(String key) {
        return key.length() <= PREFIX_LENGTH ? key : key.substring(0, PREFIX_LENGTH);
    }

    private static String hash(String saltHex, String key) {
        return Secrets.sha256Hex(HexFormat.of().parseHex(saltHex), key.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean matches(String presented, String saltHex, String storedHash) {
        return MessageDigest.isEqual(hash(saltHex, presented).getBytes(StandardCharsets.US_ASCII),
                storedHash.getBytes(StandardCharsets.US_ASCII));
    }

    private static String modelsJson(List<String> models) {
        if (models == null) {
            return null;
        }
        JsonArrayBuilder b = Jsons.arrayBuilder();
        models.forEach(b::add);
        return Jsons.write(b.build());
    }

    private static List<String> parseModels(String json) {
        if (json == null) {
            return null;
        }
        return Jsons.parseValue(json).asJsonArray().stream().map(v -> ((JsonString) v).getString()).toList();
    }

    private ClientKey map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new ClientKey(rs.getLong("id"), rs.getString("name"), rs.getString("prefix"),
                parseModels(rs.getString("models")), SqlTime.nullableInt(rs, "rpm"),
                SqlTime.nullableLong(rs, "daily_token_quota"), SqlTime.nullableLong(rs, "monthly_token_quota"),
                SqlTime.instant(rs, "expires_at"), SqlTime.instant(rs, "revoked_at"), SqlTime.instant(rs, "created_at"),
                SqlTime.instant(rs, "last_used_at"), ClientKeySource.fromWire(rs.getString("source")),
                amount(rs, "daily_cost_limit"), amount(rs, "monthly_cost_limit"));
    }

    private static java.math.BigDecimal amount(ResultSet rs, String column) throws SQLException {
        java.math.BigDecimal v = rs.getBigDecimal(column);
        return v == null ? null : v.stripTrailingZeros();
    }

    private record Candidate(ClientKey key, String salt, String hash) {
    }
}
