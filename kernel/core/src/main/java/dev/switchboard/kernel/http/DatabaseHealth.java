package dev.switchboard.kernel.http;

import dev.switchboard.kernel.store.Database;
import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The database as readiness reports it: {@code {status: up|down, vendor, shared, notifications?, error?}}, from a
 * {@code SELECT 1} at most once a second (a load balancer probing every instance often must not load the database).
 * While it is down the gateway cannot record usage, so it is not ready. Thread-safe.
 */
public final class DatabaseHealth {
    private static final Duration CACHE = Duration.ofSeconds(1);

    private final Database database;
    private final Supplier<String> notifications;
    private volatile long checkedAt;
    private volatile String failure;
    private volatile boolean checked;

    /** @param notifications the state of the other gateways' announcements, or null when not shared */
    public DatabaseHealth(Database database, Supplier<String> notifications) {
        this.database = database;
        this.notifications = notifications;
    }

    /** True when the last check found the database answering. */
    public synchronized boolean up() {
        long now = System.nanoTime();
        if (!checked || now - checkedAt > CACHE.toNanos()) {
            failure = database.check();
            checkedAt = System.nanoTime();
            checked = true;
        }
        return failure == null;
    }

    public JsonObject json() {
        boolean up = up();
        JsonObjectBuilder b = Jsons.objectBuilder().add("status", up ? "up" : "down")
                .add("vendor", database.vendor().toString()).add("shared", database.vendor().shared());
        if (notifications != null) {
            b.add("notifications", notifications.get());
        }
        String f = failure;
        if (f != null) {
            b.add("error", f);
        }
        return b.build();
    }
}
