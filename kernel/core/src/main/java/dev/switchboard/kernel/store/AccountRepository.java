package dev.switchboard.kernel.store;

import dev.switchboard.spi.AccountState;
import dev.switchboard.spi.QuotaSnapshot;
import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The {@code accounts} table. Credentials are encrypted with {@link CredentialCipher}, bound to the row's
 * provider and name; every read decrypts them.
 *
 * <p>Thread-safe. Counters change through single atomic SQL statements ({@code SET n = n + 1}); nothing here
 * reads a value to write it back, because that loses updates under concurrency: two writers
 * read the same value and one increment is lost.
 */
public final class AccountRepository {

    /** What {@link #upsertDeclared} did with the stored row. */
    public enum Outcome {
        /** No row existed; the declared account was inserted. */
        INSERTED,
        /** The declared secret is unchanged; stored credentials and state were kept. */
        KEPT,
        /** The declared secret changed; credentials were replaced and the state reset to active. */
        REPLACED
    }

    /** The row after {@link #upsertDeclared}, and what happened to it. */
    public record UpsertResult(StoredAccount account, Outcome outcome) {
    }

    private static final int MAX_MESSAGE = 1000;
    private static final int INSERT_ATTEMPTS = 3;

    private final Jdbi jdbi;
    private final CredentialCipher cipher;
    private final Clock clock;
    private volatile LongConsumer changed = id -> { };

    public AccountRepository(Jdbi jdbi, CredentialCipher cipher, Clock clock) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.cipher = Objects.requireNonNull(cipher, "cipher");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Called with an account's id after every committed change of it other than its counters: insert, delete,
     * state, credentials, settings, quota. Gateways sharing the database tell each other through it; on an embedded
     * database nothing listens.
     */
    public void onChange(LongConsumer listener) {
        this.changed = Objects.requireNonNull(listener, "listener");
    }

    private void changed(long id) {
        changed.accept(id);
    }

    /** One row's identity and last change, for noticing changes made by other gateways. */
    public record Version(long id, String provider, Instant updatedAt) {
    }

    /** Every account's id, provider and last change time (no credentials are read). */
    public List<Version> versions() {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, provider, updated_at FROM accounts")
                .map((rs, ctx) -> new Version(rs.getLong(1), rs.getString(2), SqlTime.instant(rs, 3))).list());
    }

    /** Associated data binding a ciphertext to its row: a ciphertext copied into another row fails to decrypt. */
    static String aad(String provider, String name) {
        return "account\u0000" + provider + "\u0000" + name;
    }

    /**
     * Applies a YAML-declared account: inserts it when new; when stored, keeps the stored
     * credentials (rotated tokens) and state unless the declared secret changed since the last start, in which
     * case the credentials are replaced, the state reset to {@code active} and stale quota figures cleared.
     * Tier, weight and concurrency limit always follow the YAML. The comparison uses a keyed fingerprint of
     * the declared credentials (see {@link CredentialCipher#fingerprint}), not the secret itself.
     */
    public UpsertResult upsertDeclared(AccountSpec spec) {
        byte[] declared = CanonicalJson.write(spec.credentials()).getBytes(StandardCharsets.UTF_8);
        String fingerprint = cipher.fingerprint(declared);
        String enc = encrypt(spec.provider(), spec.name(), spec.credentials());
        for (int attempt = 1; ; attempt++) {
            Instant now = clock.instant();
            Outcome outcome = jdbi.withHandle(h -> {
                int kept = h.createUpdate("UPDATE accounts SET tier = :tier, weight = :weight, max_concurrency = :mc, "
                                + "updated_at = :now WHERE provider = :p AND name = :n AND seed_fingerprint = :fp")
                        .bind("tier", spec.tier()).bind("weight", spec.weight()).bind("mc", spec.maxConcurrency())
                        .bind("now", now).bind("p", spec.provider()).bind("n", spec.name()).bind("fp", fingerprint)
                        .execute();
                if (kept == 1) {
                    return Outcome.KEPT;
                }
                int replaced = h.createUpdate("UPDATE accounts SET credentials_enc = :enc, seed_fingerprint = :fp, "
                                + "source = 'yaml', state = 'active', state_reason = NULL, state_until = NULL, "
                                + "quota_used = NULL, quota_limit = NULL, quota_unit = NULL, quota_resets_at = NULL, "
                                + "tier = :tier, weight = :weight, max_concurrency = :mc, updated_at = :now "
                                + "WHERE provider = :p AND name = :n")
                        .bind("enc", enc).bind("fp", fingerprint)
                        .bind("tier", spec.tier()).bind("weight", spec.weight()).bind("mc", spec.maxConcurrency())
                        .bind("now", now).bind("p", spec.provider()).bind("n", spec.name())
                        .execute();
                return replaced == 1 ? Outcome.REPLACED : null;
            });
            if (outcome == null) {
                try {
                    insertRow(spec, AccountSource.YAML, enc, fingerprint, now);
                    outcome = Outcome.INSERTED;
                } catch (RuntimeException e) {
                    if (!SqlErrors.isDuplicateKey(e) || attempt >= INSERT_ATTEMPTS) {
                        throw e;
                    }
                    continue; // another writer inserted it first: apply the update path to that row
                }
            }
            StoredAccount stored = find(spec.provider(), spec.name()).orElseThrow();
            changed(stored.id());
            return new UpsertResult(stored, outcome);
        }
    }

    /**
     * Inserts an account created through the admin API or a flow.
     *
     * @throws StorageException when the provider already has an account with that name
     */
    public StoredAccount insert(AccountSpec spec, AccountSource source) {
        try {
            long id = insertRow(spec, source, encrypt(spec.provider(), spec.name(), spec.credentials()), null,
                    clock.instant());
            changed(id);
            return find(id).orElseThrow();
        } catch (RuntimeException e) {
            if (SqlErrors.isDuplicateKey(e)) {
                throw new StorageException("account " + spec.provider() + "/" + spec.name() + " already exists", e);
            }
            throw e;
        }
    }

    /**
     * Stores credentials for a named account of a provider: replaces them when the account exists, otherwise
     * inserts it with default settings. Used by plugin flows and imports.
     */
    public StoredAccount upsertCredentials(String provider, String name, JsonObject credentials, AccountSource source) {
        String enc = encrypt(provider, name, credentials);
        for (int attempt = 1; ; attempt++) {
            Instant now = clock.instant();
            int n = jdbi.withHandle(h -> h.createUpdate("UPDATE accounts SET credentials_enc = :enc, updated_at = :now "
                            + "WHERE provider = :p AND name = :n")
                    .bind("enc", enc).bind("now", now).bind("p", provider).bind("n", name).execute());
            if (n == 0) {
                try {
                    insertRow(AccountSpec.of(provider, name, credentials), source, enc, null, now);
                } catch (RuntimeException e) {
                    if (!SqlErrors.isDuplicateKey(e) || attempt >= INSERT_ATTEMPTS) {
                        throw e;
                    }
                    continue;
                }
            }
            StoredAccount stored = find(provider, name).orElseThrow();
            changed(stored.id());
            return stored;
        }
    }

    private long insertRow(AccountSpec spec, AccountSource source, String enc, String fingerprint, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("INSERT INTO accounts(provider, name, credentials_enc, "
                        + "seed_fingerprint, source, state, tier, weight, max_concurrency, created_at, updated_at) "
                        + "VALUES (:p, :n, :enc, :fp, :src, 'active', :tier, :weight, :mc, :now, :now)")
                .bind("p", spec.provider()).bind("n", spec.name()).bind("enc", enc).bind("fp", fingerprint)
                .bind("src", source.wire()).bind("tier", spec.tier()).bind("weight", spec.weight())
                .bind("mc", spec.maxConcurrency()).bind("now", now)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
    }

    public Optional<StoredAccount> find(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM accounts WHERE id = :id").bind("id", id)
                .map(this::map).findOne());
    }

    public Optional<StoredAccount> find(String provider, String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM accounts WHERE provider = :p AND name = :n")
                .bind("p", provider).bind("n", name).map(this::map).findOne());
    }

    /** A provider instance's accounts, by tier then id. */
    public List<StoredAccount> list(String provider) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM accounts WHERE provider = :p ORDER BY tier, id")
                .bind("p", provider).map(this::map).list());
    }

    /** Every account, by provider, tier and id. */
    public List<StoredAccount> listAll() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM accounts ORDER BY provider, tier, id")
                .map(this::map).list());
    }

    /**
     * Durably replaces an account's credentials (rotated tokens: call before using them). Returns false when
     * the account no longer exists.
     */
    public boolean updateCredentials(long id, JsonObject credentials) {
        Optional<String[]> key = jdbi.withHandle(h -> h.createQuery("SELECT provider, name FROM accounts WHERE id = :id")
                .bind("id", id).map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2)}).findOne());
        if (key.isEmpty()) {
            return false;
        }
        // provider and name never change, so reading them first cannot race with another writer.
        String enc = encrypt(key.get()[0], key.get()[1], credentials);
        return update(id, h -> h.createUpdate("UPDATE accounts SET credentials_enc = :enc, updated_at = :now WHERE id = :id")
                .bind("enc", enc).bind("now", clock.instant()).bind("id", id).execute());
    }

    /** Changes pool settings (admin: move between tiers, weight, concurrency limit). */
    public boolean updateSettings(long id, int tier, int weight, Integer maxConcurrency) {
        return update(id, h -> h.createUpdate("UPDATE accounts SET tier = :tier, weight = :weight, max_concurrency = :mc, "
                        + "updated_at = :now WHERE id = :id")
                .bind("tier", tier).bind("weight", weight).bind("mc", maxConcurrency).bind("now", clock.instant())
                .bind("id", id).execute());
    }

    /** Sets the state; {@code until} ends a {@code cooling} or {@code exhausted} state. */
    public boolean setState(long id, AccountState state, String reason, Instant until) {
        return update(id, h -> h.createUpdate("UPDATE accounts SET state = :s, state_reason = :r, state_until = :u, "
                        + "updated_at = :now WHERE id = :id")
                .bind("s", state.wire()).bind("r", truncate(reason)).bind("u", until).bind("now", clock.instant())
                .bind("id", id).execute());
    }

    /**
     * Sets the state only if it still is {@code expected} (compare-and-set), e.g. to end a cooldown without
     * overwriting a ban that happened meanwhile. Returns true when it changed.
     */
    public boolean setStateIf(long id, AccountState expected, AccountState state, String reason, Instant until) {
        return update(id, h -> h.createUpdate("UPDATE accounts SET state = :s, state_reason = :r, state_until = :u, "
                        + "updated_at = :now WHERE id = :id AND state = :expected")
                .bind("s", state.wire()).bind("r", truncate(reason)).bind("u", until).bind("now", clock.instant())
                .bind("id", id).bind("expected", expected.wire()).execute());
    }

    /** Counts a successful attempt and its tokens, atomically. */
    public boolean recordSuccess(long id, long inputTokens, long outputTokens) {
        return update(h -> h.createUpdate("UPDATE accounts SET request_count = request_count + 1, "
                        + "success_count = success_count + 1, input_tokens = input_tokens + :in, "
                        + "output_tokens = output_tokens + :out, last_used_at = :now WHERE id = :id")
                .bind("in", inputTokens).bind("out", outputTokens).bind("now", clock.instant()).bind("id", id)
                .execute());
    }

    /** Counts a failed attempt, atomically. {@code message} must not hold secrets; it is cut to 1000 chars. */
    public boolean recordError(long id, String message) {
        return update(h -> {
            Instant now = clock.instant();
            return h.createUpdate("UPDATE accounts SET request_count = request_count + 1, error_count = error_count + 1, "
                            + "last_error = :msg, last_error_at = :now, last_used_at = :now WHERE id = :id")
                    .bind("msg", truncate(message)).bind("now", now).bind("id", id).execute();
        });
    }

    /**
     * Increments of an account's counters since the last flush. Immutable.
     *
     * @param lastUsed  latest use, or null
     * @param lastError the latest error message, or null when none happened
     * @param errorAt   when it happened
     */
    public record CounterDelta(long requests, long successes, long errors, long inputTokens, long outputTokens,
                               Instant lastUsed, String lastError, Instant errorAt) {
        public static final CounterDelta ZERO = new CounterDelta(0, 0, 0, 0, 0, null, null, null);

        public CounterDelta plusSuccess(long in, long out, Instant at) {
            return new CounterDelta(requests + 1, successes + 1, errors, inputTokens + in, outputTokens + out,
                    latest(lastUsed, at), lastError, errorAt);
        }

        public CounterDelta plusError(String message, Instant at) {
            return new CounterDelta(requests + 1, successes, errors + 1, inputTokens, outputTokens,
                    latest(lastUsed, at), message, at);
        }

        /** Both deltas; the later error message wins. */
        public CounterDelta plus(CounterDelta o) {
            boolean theirs = o.errorAt != null && (errorAt == null || o.errorAt.isAfter(errorAt));
            return new CounterDelta(requests + o.requests, successes + o.successes, errors + o.errors,
                    inputTokens + o.inputTokens, outputTokens + o.outputTokens, latest(lastUsed, o.lastUsed),
                    theirs ? o.lastError : lastError, theirs ? o.errorAt : errorAt);
        }

        private static Instant latest(Instant a, Instant b) {
            return a == null ? b : b == null || a.isAfter(b) ? a : b;
        }
    }

    /**
     * Adds counter increments to many accounts in one transaction ({@code n = n + delta}: never absolute values,
     * so gateways sharing the database add up). Accounts deleted meanwhile are skipped.
     */
    public void addCounters(java.util.Map<Long, CounterDelta> deltas) {
        if (deltas.isEmpty()) {
            return;
        }
        jdbi.useTransaction(h -> {
            org.jdbi.v3.core.statement.PreparedBatch counts = h.prepareBatch("UPDATE accounts SET "
                    + "request_count = request_count + :r, success_count = success_count + :s, "
                    + "error_count = error_count + :e, input_tokens = input_tokens + :in, "
                    + "output_tokens = output_tokens + :out, "
                    + "last_used_at = CASE WHEN last_used_at IS NULL OR last_used_at < :used THEN :used "
                    + "ELSE last_used_at END WHERE id = :id");
            org.jdbi.v3.core.statement.PreparedBatch errors = null;
            for (java.util.Map.Entry<Long, CounterDelta> e : deltas.entrySet()) {
                CounterDelta d = e.getValue();
                counts.bind("r", d.requests()).bind("s", d.successes()).bind("e", d.errors())
                        .bind("in", d.inputTokens()).bind("out", d.outputTokens()).bind("used", d.lastUsed())
                        .bind("id", e.getKey()).add();
                if (d.errorAt() != null) {
                    errors = errors != null ? errors : h.prepareBatch("UPDATE accounts SET last_error = :msg, "
                            + "last_error_at = :at WHERE id = :id AND (last_error_at IS NULL OR last_error_at <= :at)");
                    errors.bind("msg", truncate(d.lastError())).bind("at", d.errorAt()).bind("id", e.getKey()).add();
                }
            }
            counts.execute();
            if (errors != null) {
                errors.execute();
            }
        });
    }

    /** Stores the last known quota figures; null clears them. */
    public boolean updateQuota(long id, QuotaSnapshot quota) {
        QuotaSnapshot q = quota == null ? new QuotaSnapshot(null, null, null, null) : quota;
        return update(id, h -> h.createUpdate("UPDATE accounts SET quota_used = :used, quota_limit = :lim, "
                        + "quota_unit = :unit, quota_resets_at = :resets, updated_at = :now WHERE id = :id")
                .bind("used", q.used()).bind("lim", q.limit()).bind("unit", q.unit()).bind("resets", q.resetsAt())
                .bind("now", clock.instant()).bind("id", id).execute());
    }

    public boolean delete(long id) {
        return update(id, h -> h.createUpdate("DELETE FROM accounts WHERE id = :id").bind("id", id).execute());
    }

    private boolean update(HandleCallback<Integer, RuntimeException> work) {
        return jdbi.withHandle(work) == 1;
    }

    /** A write of one account that other gateways must learn about. */
    private boolean update(long id, HandleCallback<Integer, RuntimeException> work) {
        boolean done = jdbi.withHandle(work) == 1;
        if (done) {
            changed(id);
        }
        return done;
    }

    private String encrypt(String provider, String name, JsonObject credentials) {
        return cipher.encrypt(Jsons.write(credentials).getBytes(StandardCharsets.UTF_8), aad(provider, name));
    }

    private StoredAccount map(ResultSet rs, StatementContext ctx) throws SQLException {
        String provider = rs.getString("provider");
        String name = rs.getString("name");
        String what = "the credentials of account " + provider + "/" + name;
        byte[] plain = cipher.decrypt(rs.getString("credentials_enc"), aad(provider, name), what);
        JsonObject credentials;
        try {
            credentials = Jsons.parseObject(plain);
        } catch (JsonException e) {
            // The parser's message may quote credential characters; keep it out.
            throw new StorageException(what + " are not a JSON object");
        }
        Double used = SqlTime.nullableDouble(rs, "quota_used");
        Double limit = SqlTime.nullableDouble(rs, "quota_limit");
        String unit = rs.getString("quota_unit");
        Instant resets = SqlTime.instant(rs, "quota_resets_at");
        QuotaSnapshot quota = used == null && limit == null && unit == null && resets == null
                ? null : new QuotaSnapshot(used, limit, resets, unit);
        AccountStats stats = new AccountStats(rs.getLong("request_count"), rs.getLong("success_count"),
                rs.getLong("error_count"), rs.getLong("input_tokens"), rs.getLong("output_tokens"),
                rs.getString("last_error"), SqlTime.instant(rs, "last_error_at"));
        return new StoredAccount(rs.getLong("id"), provider, name, credentials,
                AccountSource.fromWire(rs.getString("source")), AccountState.fromWire(rs.getString("state")),
                rs.getString("state_reason"), SqlTime.instant(rs, "state_until"), rs.getInt("tier"),
                rs.getInt("weight"), SqlTime.nullableInt(rs, "max_concurrency"), quota, stats,
                SqlTime.instant(rs, "created_at"), SqlTime.instant(rs, "last_used_at"),
                SqlTime.instant(rs, "updated_at"));
    }

    private static String truncate(String s) {
        return s == null || s.length() <= MAX_MESSAGE ? s : s.substring(0, MAX_MESSAGE);
    }
}
