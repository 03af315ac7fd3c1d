package dev.switchboard.plugin.kiro.flow;

import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.FlowState;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import java.util.UUID;

/**
 * One running add-account flow: its id, start time, status and the details shown to the admin (never secrets).
 * Subclasses hold their flow's working state and release what they hold (listeners, pollers) in
 * {@link #release()}. Thread-safe: status changes are synchronised on the session.
 */
abstract class FlowSession {
    static final String PENDING = "pending";
    static final String COMPLETED = "completed";
    static final String ERROR = "error";
    static final String EXPIRED = "expired";
    static final String TIMEOUT = "timeout";
    static final String CANCELLED = "cancelled";

    final String id = UUID.randomUUID().toString();
    final Instant createdAt;
    private String status = PENDING;
    private JsonObject details;

    FlowSession(Instant createdAt, JsonObject details) {
        this.createdAt = createdAt;
        this.details = details;
    }

    synchronized FlowState state() {
        return new FlowState(id, status, details);
    }

    /** Replaces the details of a pending flow (what the admin is shown while waiting). */
    synchronized void details(JsonObject newDetails) {
        details = newDetails;
    }

    synchronized boolean pending() {
        return PENDING.equals(status);
    }

    synchronized String status() {
        return status;
    }

    /**
     * Ends the flow once: later calls do nothing, so a callback racing a cancel cannot overwrite it.
     *
     * @param extra details to add (account name, error text)
     * @return true when this call ended it
     */
    boolean end(String newStatus, JsonObject extra) {
        synchronized (this) {
            if (!PENDING.equals(status)) {
                return false;
            }
            status = newStatus;
            JsonObjectBuilder b = Jsons.objectBuilder(details);
            extra.forEach(b::add);
            details = b.build();
        }
        release();
        return true;
    }

    /** Releases what the flow holds; called once the flow ended or was purged. Must be idempotent. */
    abstract void release();
}
