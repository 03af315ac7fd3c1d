package dev.switchboard.kernel.http;

import io.helidon.http.Status;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.function.BooleanSupplier;

/**
 * Holds admin calls until the admin user is stored. Its password hash is computed off the startup path (a
 * deliberately slow hash, up to a second of CPU), so the listener opens before the user exists, and an admin call
 * that arrived first would find no user to check its password against. Every other path passes at once. If the
 * user could not be stored, admin calls get 503 (the cause was logged when it failed). Thread-safe.
 */
public final class AdminReadyGate {
    private final BooleanSupplier awaitAdminUser;

    /**
     * @param awaitAdminUser blocks until the admin user is stored; false when storing it failed
     */
    public AdminReadyGate(BooleanSupplier awaitAdminUser) {
        this.awaitAdminUser = awaitAdminUser;
    }

    /** True when the request may go on; otherwise it has been answered 503 (the admin user could not be stored). */
    boolean admit(RoutingRequest req, RoutingResponse res) {
        if (req.path().path().startsWith("/admin") && !awaitAdminUser.getAsBoolean()) {
            res.status(Status.SERVICE_UNAVAILABLE_503).send();
            return false;
        }
        return true;
    }
}
