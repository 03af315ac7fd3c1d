package dev.switchboard.kernel.store;

/**
 * The result of checking a presented client key. Immutable.
 *
 * @param status what the check found
 * @param key    the matching key (also when revoked or expired), or null when {@link Status#UNKNOWN}
 */
public record KeyCheck(Status status, ClientKey key) {

    public enum Status {
        /** The key matches a stored key that is neither revoked nor expired. */
        VALID,
        /** No stored key matches. */
        UNKNOWN,
        /** The key matches a revoked key. */
        REVOKED,
        /** The key matches an expired key. */
        EXPIRED
    }

    public boolean valid() {
        return status == Status.VALID;
    }

    static KeyCheck unknown() {
        return new KeyCheck(Status.UNKNOWN, null);
    }
}
