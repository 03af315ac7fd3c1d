package dev.switchboard.spi.sse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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
    private static final byte[] NONE = new byte[0];
    /** Bytes of a line that the previous feed did not finish. */
    private byte[] partial = NONE;
    private int partialLength;
    private boolean lastWasCr;
    private String event;
    private String id;
    private StringBuilder data;

    /**
     * Feeds bytes; returns the events completed by them. Whole lines are decoded straight from {@code buf} (a
     * line cut by the end of a feed waits, as bytes, for its end), so the cost is one scan and one string per
     * line, not a call per byte.
     */
    public List<SseEvent> feed(byte[] buf, int off, int len) {
        List<SseEvent> out = new ArrayList<>(2);
        int end = off + len;
        int i = off;
        if (lastWasCr && i < end) {
            lastWasCr = false;
            if (buf[i] == '\n') {
                i++; // CRLF split across feeds: the CR already ended the line
            }
        }
        int lineStart = i;
        for (; i < end; i++) {
            byte b = buf[i];
            if (b != '\n' && b != '\r') {
                continue;
            }
            endLine(line(buf, lineStart, i), out);
            if (b == '\r') {
                if (i + 1 < end) {
                    if (buf[i + 1] == '\n') {
                        i++;
                    }
                } else {
                    lastWasCr = true;
                }
            }
            lineStart = i + 1;
        }
        if (lineStart < end) {
            keep(buf, lineStart, end - lineStart);
        }
        return out;
    }

    /** End of input: dispatches a final event that lacked its blank line. */
    public List<SseEvent> finish() {
        List<SseEvent> out = new ArrayList<>(1);
        if (partialLength > 0) {
            endLine(line(NONE, 0, 0), out);
        }
        if (data != null || event != null) {
            dispatch(out);
        }
        return out;
    }

    /** The line ending at {@code to}, with what an earlier feed left of it. */
    private String line(byte[] buf, int from, int to) {
        if (partialLength == 0) {
            return new String(buf, from, to - from, StandardCharsets.UTF_8);
        }
        keep(buf, from, to - from);
        String l = new String(partial, 0, partialLength, StandardCharsets.UTF_8);
        partialLength = 0;
        if (partial.length > 4096) {
            partial = NONE; // a long line once should not pin its buffer for the rest of the stream
        }
        return l;
    }

    private void keep(byte[] buf, int from, int n) {
        if (partialLength + n > partial.length) {
            partial = Arrays.copyOf(partial, Math.max(partialLength + n, Math.max(64, partial.length * 2)));
        }
        System.arraycopy(buf, from, partial, partialLength, n);
        partialLength += n;
    }

    private void endLine(String l, List<SseEvent> out) {
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
