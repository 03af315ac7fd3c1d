package dev.switchboard.wire.sse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The SSE reader as it was before it read lines on their bytes: every line decoded to a string, then cut into its
 * field and value. Kept as the reference of {@link SseReaderDifferentialTest}; not used by the product.
 */
final class TextSseReader {
    /** The default bound of one event: far above any real event, far below a heap's worth of junk. */
    public static final int DEFAULT_MAX_EVENT_BYTES = 8 * 1024 * 1024;

    private static final byte[] NONE = new byte[0];

    private final int maxEventBytes;
    /** Bytes of a line that the previous feed did not finish. */
    private byte[] partial = NONE;
    private int partialLength;
    private boolean lastWasCr;
    private String event;
    private String id;
    private StringBuilder data;
    /** Bytes of the current event's buffered data lines. */
    private long eventBytes;
    private String failure;
    /** UTF-8 bytes of the line {@link #line} decoded last. */
    private int lineBytes;

    /** A reader bounded at {@link #DEFAULT_MAX_EVENT_BYTES} per event. */
    TextSseReader() {
        this(DEFAULT_MAX_EVENT_BYTES);
    }

    /** @param maxEventBytes the most bytes one event (all its lines) may hold */
    TextSseReader(int maxEventBytes) {
        if (maxEventBytes < 1) {
            throw new IllegalArgumentException("maxEventBytes must be positive");
        }
        this.maxEventBytes = maxEventBytes;
    }

    /** Why the stream broke the reader's bounds (then it reads nothing more), or null. */
    public String failure() {
        return failure;
    }

    /**
     * Feeds bytes; returns the events completed by them. Whole lines are decoded straight from {@code buf} (a
     * line cut by the end of a feed waits, as bytes, for its end), so the cost is one scan and one string per
     * line, not a call per byte.
     */
    public List<SseEvent> feed(byte[] buf, int off, int len) {
        List<SseEvent> out = new ArrayList<>(2);
        if (failure != null) {
            return out;
        }
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
            if (tooLong(i - lineStart)) {
                overflow();
                return out;
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
            if (tooLong(end - lineStart)) {
                overflow();
                return out;
            }
            keep(buf, lineStart, end - lineStart);
        }
        return out;
    }

    /** Whether {@code more} bytes of the current line would take the event past its bound. */
    private boolean tooLong(int more) {
        return eventBytes + partialLength + more > maxEventBytes;
    }

    private void overflow() {
        failure = "an upstream stream event exceeds " + maxEventBytes + " bytes";
        partial = NONE;
        partialLength = 0;
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
        lineBytes = partialLength + (to - from);
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
