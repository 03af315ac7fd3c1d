package dev.switchboard.kernel.store;

/**
 * A new client key and its plaintext, which exists only here: the store keeps a salted hash. Show it to the
 * admin once and drop it. {@link #toString()} masks it. Immutable.
 */
public record CreatedClientKey(ClientKey key, String plaintext) {
    @Override
    public String toString() {
        return "CreatedClientKey[" + key.name() + ", " + key.prefix() + "...]";
    }
}
