package dev.switchboard.kernel.dialect;

import dev.switchboard.kernel.dialect.ClientErrors;
import dev.switchboard.spi.Dialect;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonObject;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * Writes a gateway error in the client's dialect (docs/architecture.md#error-model): the kind's status, the
 * dialect's body shape, the request id header, {@code Retry-After}/{@code retry-after-ms} when
 * known, and {@code x-should-retry: false} where retrying cannot help. Never a stack trace.
 */
public final class ErrorResponses {
    private static final Logger LOG = Logger.getLogger(ErrorResponses.class.getName());
    private ErrorResponses() {
    }

    public static void send(ServerResponse res, Dialect dialect, GatewayException e, String requestId) {
        ErrorKind kind = e.kind();
        int status = ClientErrors.status(kind, dialect);
        JsonObject body = dialect == Dialect.ANTHROPIC
                ? ClientErrors.anthropicBody(kind, e.getMessage(), requestId)
                : ClientErrors.openAiBody(kind, e.getMessage(), e.param());
        if (res.isSent()) {
            LOG.fine(() -> "an error came after the answer had started: " + kind);
            return;
        }
        res.status(Status.create(status));
        headers(res, dialect, e, requestId);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        try {
            res.send(body.toString());
        } catch (UncheckedIOException | CloseConnectionException gone) {
            // The client closed the connection (or a read deadline did): nobody is left to read the answer.
            LOG.fine(() -> "client went away before its " + status + " answer could be sent");
        }
    }

    /** Status-independent error headers, also used when relaying an upstream body unchanged. */
    public static void headers(ServerResponse res, Dialect dialect, GatewayException e, String requestId) {
        if (requestId != null) {
            res.header(HeaderNames.create(dialect == Dialect.ANTHROPIC ? "request-id" : "x-request-id"), requestId);
        }
        Duration ra = e.retryAfter();
        if (ra != null) {
            long millis = Math.max(0, ra.toMillis());
            res.header(HeaderNames.RETRY_AFTER, String.valueOf((millis + 999) / 1000));
            res.header(HeaderNames.create("retry-after-ms"), String.valueOf(millis));
        }
        if (e.kind() == ErrorKind.NO_CAPACITY || e.kind() == ErrorKind.CLIENT_QUOTA
                || e.kind() == ErrorKind.NOT_FOUND) {
            res.header(HeaderNames.create("x-should-retry"), "false");
        }
    }
}
