package dev.switchboard.kernel.http;

import dev.switchboard.kernel.dialect.ClientErrors;
import dev.switchboard.spi.ErrorKind;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Base-URL path prefixes: Claude Code keeps the path of its base URL, so a gateway
 * reached as {@code http://host/anthropic} receives {@code /anthropic/v1/messages?beta=true}. Any request
 * no route matched whose path contains {@code /v1/} is re-routed to the part from {@code /v1/} on (query
 * kept); anything else gets 404. Registered last.
 */
public final class PathPrefixes {
    private PathPrefixes() {
    }

    public static void register(HttpRouting.Builder r) {
        r.any(PathPrefixes::reroute);
    }

    private static void reroute(ServerRequest req, ServerResponse res) {
        String path = req.path().rawPath();
        int v1 = path.indexOf("/v1/");
        if (v1 > 0) {
            res.reroute(path.substring(v1), req.query());
            return;
        }
        res.status(Status.NOT_FOUND_404);
        res.header(io.helidon.http.HeaderNames.CONTENT_TYPE, "application/json");
        res.send(ClientErrors.openAiBody(ErrorKind.NOT_FOUND, "no such endpoint: " + req.prologue().method().text()
                + " " + path, null).toString());
    }
}
