package dev.switchboard.kernel.dispatch;

import io.helidon.common.uri.UriQuery;
import io.helidon.http.Header;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.ServerResponseTrailers;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A client's response without a server: what the dispatcher set (status, headers) and sent, a unary body in one
 * piece and a stream as the chunks it flushed, so a test sees what reached the client and when. One thread.
 */
final class RecordingResponse implements ServerResponse {
    private final ServerResponseHeaders headers = ServerResponseHeaders.create();
    private final List<String> flushed = new ArrayList<>();
    private Status status = Status.OK_200;
    private String body;
    private ByteArrayOutputStream stream;
    private boolean sent;

    /** The unary body, or null for a stream. */
    String body() {
        return body;
    }

    /** A stream's writes, one entry per flush. */
    List<String> flushes() {
        return flushed;
    }

    String header(String name) {
        return headers.first(io.helidon.http.HeaderNames.create(name)).orElse(null);
    }

    @Override
    public ServerResponse status(Status s) {
        this.status = s;
        return this;
    }

    @Override
    public Status status() {
        return status;
    }

    @Override
    public ServerResponse header(Header header) {
        headers.set(header);
        return this;
    }

    @Override
    public void send() {
        send(new byte[0]);
    }

    @Override
    public void send(byte[] bytes) {
        body = new String(bytes, StandardCharsets.UTF_8);
        sent = true;
    }

    @Override
    public void send(Object entity) {
        send(entity.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean isSent() {
        return sent;
    }

    @Override
    public OutputStream outputStream() {
        sent = true;
        stream = new ByteArrayOutputStream() {
            @Override
            public synchronized void flush() {
                if (size() > 0) {
                    flushed.add(toString(StandardCharsets.UTF_8));
                    reset();
                }
            }

            @Override
            public void close() {
                flush();
            }
        };
        return stream;
    }

    @Override
    public long bytesWritten() {
        return 0;
    }

    @Override
    public ServerResponse whenSent(Runnable listener) {
        return this;
    }

    @Override
    public ServerResponse reroute(String path) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ServerResponse reroute(String path, UriQuery query) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ServerResponse next() {
        throw new UnsupportedOperationException();
    }

    @Override
    public ServerResponseHeaders headers() {
        return headers;
    }

    @Override
    public ServerResponseTrailers trailers() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void streamResult(String result) {
    }

    @Override
    public void streamFilter(UnaryOperator<OutputStream> filter) {
        throw new UnsupportedOperationException();
    }
}
