package dev.switchboard.kernel.store;

import java.time.Instant;

/** A live admin session (found by its token; the token itself is not kept). Immutable. */
public record AdminSession(String username, Instant createdAt, Instant expiresAt) {
}
