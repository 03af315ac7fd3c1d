package dev.switchboard.kernel.auth;

import java.util.Optional;

/** Keys managed through the admin API (stored hashed in the database). Thread-safe. */
public interface ClientKeyLookup {

    /** The principal of a valid, unrevoked, unexpired key, or empty. */
    Optional<ClientPrincipal> verify(String presentedKey);

    /** Whether any usable key exists (decides loopback-only mode). */
    boolean anyKeys();

    /** A lookup with no keys. */
    ClientKeyLookup NONE = new ClientKeyLookup() {
        @Override
        public Optional<ClientPrincipal> verify(String presentedKey) {
            return Optional.empty();
        }

        @Override
        public boolean anyKeys() {
            return false;
        }
    };
}
