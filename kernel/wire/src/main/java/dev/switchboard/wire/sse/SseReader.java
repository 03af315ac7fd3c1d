package dev.switchboard.wire.sse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Incremental SSE parser (WHATWG rules, tolerant of what upstreams really send): lines end in LF, CRLF
 * or CR; {@code data:} with or without the space; {@code :} comments ignored; multi-line data joined
 * with {@code "\n"}; a blank line dispatches. Splitting happens on bytes before UTF-8 decoding, so chunk
 * boundaries never change the output.
 *
 * <p>Bounded: one event (its lines, data lines together) may hold at most {@code maxEventBytes}. An upstream that
 * sends more — a 64 MB junk line, a stream without line breaks — breaks the stream: the reader stops buffering,
 * returns nothing more, and {@link #failure()} says why, so a decoder ends the stream with an error instead of
 * holding the whole thing in memory (a decoder that forgets to look still never sees its terminal event, which
 * is an error too).
 *
 * <p>One instance per stream; not thread-safe.
 */
public final class SseReader {
    /** The default bound of one event: far above any real event, far below a heap's worth of junk. */
    public static final int DEFAULT_MAX_EVENT_BYTES = 8 * 1024 * 1024;

    private final int maxEventBytes;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private boolean lastWasCr;
    private String event;
    private String id;
    private StringBuilder data;
    /** Bytes of the current event's buffered data lines. */
    private long eventBytes;
    private String failure;

    /** A reader bounded at {@link #DEFAULT_MAX_EVENT_BYTES} per event. */
    public SseReader() {
        this(DEFAULT_MAX_EVENT_BYTES);
    }

    /** @param maxEventBytes the most bytes one event (all its lines) may hold */
    public SseReader(int maxEventBytes) {
        if (maxEventBytes < 1) {
            throw new IllegalArgumentException("maxEventBytes must be positive");
        }
        this.maxEventBytes = maxEventBytes;
    }

    /** Why the stream broke the reader's bounds (then it reads nothing more), or null. */
    public String failure() {
        return failure;
    }

    /** Feeds bytes; returns the events completed by them. */
    public List<SseEvent> feed(byte[] buf, int off, int len) {
        List<SseEvent> out = new ArrayList<>(2);
        if (failure != null) {
            return out;
        }
        for (int i = off; i < off + len; i++) {
            byte b = buf[i];
            if (b == '\n') {
                if (lastWasCr) {
                    lastWasCr = false; // CRLF: the CR already ended the line
                    continue;
                }
                endLine(out);
            } else if (b == '\r') {
                lastWasCr = true;
                endLine(out);
            } else {
                lastWasCr = false;
                if (eventBytes + line.size() >= maxEventBytes) {
                    overflow();
                    return out;
                }
                line.write(b);
            }
        }
        return out;
    }

    private void overflow() {
        failure = "an upstream stream event exceeds " + maxEventBytes + " bytes";
        line.reset();
        data = null;
        event = null;
        id = null;
    }

    /** End of input: dispatches a final event that lacked its blank line. */
    public List<SseEvent> finish() {
        List<SseEvent> out = new ArrayList<>(1);
        if (failure != null) {
            return out;
        }
        if (line.size() > 0) {
            endLine(out);
        }
        if (data != null || event != null) {
            dispatch(out);
        }
        return out;
    }

    private void endLine(List<SseEvent> out) {
        int lineBytes = line.size();
        String l = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (l.isEmpty()) {
            if (data != null || event != null) {
                dispatch(out);
            }
            return;
        }
        if (l.charAt(0) == ':') {
            return; // comment / keep-alive
        }
        int colon = l.indexOf(':');
        String field = colon < 0 ? l : l.substring(0, colon);
        String value = colon < 0 ? "" : l.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "data" -> {
                eventBytes += lineBytes + 1; // buffered until the event dispatches
                if (data == null) {
                    data = new StringBuilder(value.length());
                } else {
                    data.append('\n');
                }
                data.append(value);
            }
            case "event" -> event = value;
            case "id" -> id = value;
            default -> {
                // "retry" and unknown fields carry nothing we use
            }
        }
    }

    private void dispatch(List<SseEvent> out) {
        out.add(new SseEvent(event, data == null ? "" : data.toString(), id));
        event = null;
        data = null;
        id = null;
        eventBytes = 0;
    }
}
