package dev.switchboard.kernel.admin;

import dev.switchboard.spi.GatewayException;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** An admin route body; failures are thrown as {@link GatewayException}s and rendered as JSON errors. */
@FunctionalInterface
interface AdminHandler {
    void handle(ServerRequest req, ServerResponse res) throws GatewayException;
}
