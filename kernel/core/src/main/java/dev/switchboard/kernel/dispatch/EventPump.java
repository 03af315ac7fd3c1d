package dev.switchboard.kernel.dispatch;

import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.ResponseDecoder;
import dev.switchboard.spi.stream.StreamEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Pulls canonical events out of an upstream body: reads whatever bytes arrived, feeds the plugin's decoder,
 * passes its events through the stream guard, and hands them out one by one. Read failures become
 * {@link StreamEvent.StreamError} events (timeout → the 504 kind, anything else → the connection kind), so
 * the caller sees one uniform stream. Used by one thread; not thread-safe.
 */
final class EventPump {
    private final InputStream in;
    private final ResponseDecoder decoder;
    private final EventFilter filter;
    private final Deque<StreamEvent> ready = new ArrayDeque<>();
    private final ReadBuffer buf = new ReadBuffer();
    private boolean ended;

    EventPump(InputStream in, ResponseDecoder decoder, EventFilter filter) {
        this.in = in;
        this.decoder = decoder;
        this.filter = filter;
    }

    /**
     * True when more events can be had without waiting for the upstream: decoded ones, or bytes that arrived in
     * the same burst and are not decoded yet.
     */
    boolean hasReady() {
        if (!ready.isEmpty()) {
            return true;
        }
        try {
            return !ended && in.available() > 0;
        } catch (IOException e) {
            return false; // the next read reports it
        }
    }

    /** The next event, or null at the end of the stream. */
    StreamEvent next() {
        while (ready.isEmpty()) {
            if (ended) {
                return null;
            }
            int n;
            try {
                n = buf.read(in);
            } catch (IOException | UncheckedIOException e) {
                Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
                boolean timeout = cause instanceof SocketTimeoutException;
                ended = true;
                ready.addAll(filter.accept(List.of(new StreamEvent.StreamError(
                        timeout ? ErrorKind.UPSTREAM_TIMEOUT : ErrorKind.UPSTREAM_CONNECTION,
                        timeout ? "upstream timed out mid-stream" : "upstream connection broke mid-stream"))));
                ready.addAll(filter.finish());
                break;
            }
            if (n < 0) {
                ended = true;
                ready.addAll(filter.accept(decoder.onEnd()));
                ready.addAll(filter.finish());
                break;
            }
            if (n > 0) {
                ready.addAll(filter.accept(decoder.onBytes(buf.bytes(), 0, n)));
            }
        }
        return ready.pollFirst();
    }
}
