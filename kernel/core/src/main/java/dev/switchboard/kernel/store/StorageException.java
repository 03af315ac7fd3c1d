package dev.switchboard.kernel.store;

/**
 * A storage failure with a message meant for the operator: the database is locked by another process,
 * the data directory is not writable, the encryption key is missing or wrong, a migration does not
 * match. Messages never contain secrets. Immutable.
 */
public final class StorageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
