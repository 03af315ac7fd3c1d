package dev.switchboard.kernel.dispatch;

import dev.switchboard.kernel.dialect.ErrorResponses;
import dev.switchboard.kernel.dispatch.Dispatcher.Exchange;
import dev.switchboard.kernel.store.UsageWriter.UsageNotRecorded;
import dev.switchboard.spi.Dialect;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.model.ChatResponse;
import dev.switchboard.spi.model.Usage;
import dev.switchboard.spi.json.Jsons;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The start of the client's answer, whatever the delivery mode: its status and headers (the request id under the
 * dialect's name, the gateway's warnings), a stream's commit, a converted unary body. An answer is sent only after
 * its usage row is written; when the row cannot be written the client gets a 500 in its dialect instead, because
 * an unrecorded request is not a free one. Single use, one thread.
 */
final class Replies {
    static final String UNRECORDED = "the gateway could not record this request's usage, so it was not completed;"
            + " retry it";

    private final Exchange ex;
    private final String toolsLeftOut;

    /** @param toolsLeftOut the {@link HostedTools#HEADER} value for this upstream, or null */
    Replies(Exchange ex, String toolsLeftOut) {
        this.ex = ex;
        this.toolsLeftOut = toolsLeftOut;
    }

    /** Commits a 200 stream with headers that keep proxies from buffering it; returns its body. */
    OutputStream commitStream(String contentType) {
        ServerResponse res = ex.response();
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, contentType);
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.header(HeaderNames.create("x-accel-buffering"), "no");
        requestIdHeader(res);
        warningHeader(res);
        return res.outputStream();
    }

    /** A converted unary answer: its row committed, the account credited, then the body sent. */
    void answerUnary(ChatResponse r, Usage u, AttemptUsage usage, LeaseOutcome account) {
        if (!recordAnswered(usage, u, 200)) {
            return;
        }
        account.success(u);
        ServerResponse res = ex.response();
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        requestIdHeader(res);
        warningHeader(res);
        String body = Jsons.write(ex.dialect().unary(r, ex.parsed(), ex.dialect().newResponseId()));
        res.send(body.getBytes(StandardCharsets.UTF_8));
        ex.info().firstByte();
    }

    /** A relayed unary answer: the upstream's status, content type and bytes as they are. */
    void relayUnary(int status, String contentType, byte[] body) {
        ServerResponse res = ex.response();
        res.status(Status.create(status));
        requestIdHeader(res);
        res.header(HeaderNames.CONTENT_TYPE, contentType.isBlank() ? "application/json" : contentType);
        res.send(body);
        ex.info().firstByte();
    }

    /** Commits the row of a unary answer; on failure answers 500 instead and returns false. */
    boolean recordAnswered(AttemptUsage usage, Usage u, int status) {
        try {
            usage.recordAnswered(u, status);
            return true;
        } catch (UsageNotRecorded e) {
            ErrorResponses.send(ex.response(), ex.dialect().id(), new GatewayException(ErrorKind.INTERNAL, UNRECORDED),
                    ex.requestId());
            return false;
        }
    }

    private void requestIdHeader(ServerResponse res) {
        res.header(HeaderNames.create(ex.dialect().id() == Dialect.ANTHROPIC ? "request-id" : "x-request-id"),
                ex.requestId());
    }

    private void warningHeader(ServerResponse res) {
        if (toolsLeftOut != null) {
            res.header(HeaderNames.create(HostedTools.HEADER), toolsLeftOut);
        }
        if (!ex.parsed().droppedFields().isEmpty()) {
            res.header(HeaderNames.create("x-gateway-warning"),
                    "ignored unsupported fields: " + String.join(", ", ex.parsed().droppedFields()));
        }
    }
}
