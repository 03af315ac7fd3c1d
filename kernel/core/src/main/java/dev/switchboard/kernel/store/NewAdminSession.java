package dev.switchboard.kernel.store;

import java.time.Instant;

/**
 * A session just created: its bearer token exists only here (the store keeps its SHA-256). Hand it to the
 * client once. {@link #toString()} masks it. Immutable.
 */
public record NewAdminSession(String token, String username, Instant expiresAt) {
    @Override
    public String toString() {
        return "NewAdminSession[" + username + ", expires " + expiresAt + "]";
    }
}
