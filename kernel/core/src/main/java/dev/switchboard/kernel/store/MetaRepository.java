package dev.switchboard.kernel.store;

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

    /** Inserts or replaces, atomically (MERGE), so concurrent writers cannot collide on the key. */
    public void put(String key, String value) {
        jdbi.useHandle(h -> put(h, key, value));
    }

    static void put(org.jdbi.v3.core.Handle h, String key, String value) {
        h.createUpdate("MERGE INTO meta KEY (meta_key) VALUES (:k, :v)").bind("k", key).bind("v", value).execute();
    }

    static Optional<String> get(org.jdbi.v3.core.Handle h, String key) {
        return h.createQuery("SELECT meta_value FROM meta WHERE meta_key = :k").bind("k", key).mapTo(String.class).findOne();
    }
}
