package dev.switchboard.spi.sse;

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
 * <p>One instance per stream; not thread-safe.
 */
public final class SseReader {
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private boolean lastWasCr;
    private String event;
    private String id;
    private StringBuilder data;

    /** Feeds bytes; returns the events completed by them. */
    public List<SseEvent> feed(byte[] buf, int off, int len) {
        List<SseEvent> out = new ArrayList<>(2);
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
                line.write(b);
            }
        }
        return out;
    }

    /** End of input: dispatches a final event that lacked its blank line. */
    public List<SseEvent> finish() {
        List<SseEvent> out = new ArrayList<>(1);
        if (line.size() > 0) {
            endLine(out);
        }
        if (data != null || event != null) {
            dispatch(out);
        }
        return out;
    }

    private void endLine(List<SseEvent> out) {
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
    }
}
