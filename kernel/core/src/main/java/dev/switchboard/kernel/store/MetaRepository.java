package dev.switchboard.kernel.store;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The {@code meta} table: small named facts about this database (the encryption canary, usage rollup
 * watermarks). Thread-safe; each call is one atomic statement.
 */
public final class MetaRepository {

    private final Jdbi jdbi;

    public MetaRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Optional<String> get(String key) {
        return jdbi.withHandle(h -> h.createQuery("SELECT meta_value FROM meta WHERE meta_key = :k")
                .bind("k", key).mapTo(String.class).findOne());
    }

    private static final List<String> KEY = List.of("meta_key");
    private static final List<String> COLUMNS = List.of("meta_key", "meta_value");
    private static final List<String> VALUES = List.of(":k", ":v");

    /** Inserts or replaces, atomically (one upsert statement), so concurrent writers cannot collide on the key. */
    public void put(String key, String value) {
        jdbi.useHandle(h -> put(h, key, value));
    }

    static void put(org.jdbi.v3.core.Handle h, String key, String value) {
        h.createUpdate(VendorConfig.of(h).upsert("meta", KEY, COLUMNS, VALUES)).bind("k", key).bind("v", value).execute();
    }

    /**
     * Inserts the fact unless one exists under the key; true when this call inserted it. Of several writers racing
     * for the first value, exactly one wins; the others keep whatever it wrote.
     */
    static boolean putIfAbsent(org.jdbi.v3.core.Handle h, String key, String value) {
        try {
            return h.createUpdate("INSERT INTO meta(meta_key, meta_value) VALUES (:k, :v)").bind("k", key)
                    .bind("v", value).execute() == 1;
        } catch (RuntimeException e) {
            if (SqlErrors.isDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
    }

    static Optional<String> get(org.jdbi.v3.core.Handle h, String key) {
        return h.createQuery("SELECT meta_value FROM meta WHERE meta_key = :k").bind("k", key).mapTo(String.class).findOne();
    }
}
