package dev.switchboard.wire.sse;

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

    private static final byte[] NONE = new byte[0];

    private final int maxEventBytes;
    /** Bytes of a line that the previous feed did not finish. */
    private byte[] partial = NONE;
    private int partialLength;
    private boolean lastWasCr;
    private String event;
    private String id;
    /** The current event's data when it has one line (nearly every event): no builder for it. */
    private String soleData;
    /** The current event's data once it has a second line. */
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

    /**
     * Feeds bytes; returns the events completed by them. Whole lines are read straight from {@code buf} (a line
     * cut by the end of a feed waits, as bytes, for its end): the field is told on its bytes and only a value
     * that is kept is decoded, once, so a one-line event costs one scan and one string.
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
            line(buf, lineStart, i, out);
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
        soleData = null;
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
            line(NONE, 0, 0, out);
        }
        if (pending()) {
            dispatch(out);
        }
        return out;
    }

    /** The line ending at {@code to}, with what an earlier feed left of it. */
    private void line(byte[] buf, int from, int to, List<SseEvent> out) {
        if (partialLength == 0) {
            endLine(buf, from, to, out);
            return;
        }
        keep(buf, from, to - from);
        int n = partialLength;
        partialLength = 0;
        endLine(partial, 0, n, out);
        if (partial.length > 4096) {
            partial = NONE; // a long line once should not pin its buffer for the rest of the stream
        }
    }

    private void keep(byte[] buf, int from, int n) {
        if (partialLength + n > partial.length) {
            partial = Arrays.copyOf(partial, Math.max(partialLength + n, Math.max(64, partial.length * 2)));
        }
        System.arraycopy(buf, from, partial, partialLength, n);
        partialLength += n;
    }

    private static final byte[] DATA = {'d', 'a', 't', 'a'};
    private static final byte[] EVENT = {'e', 'v', 'e', 'n', 't'};
    private static final byte[] ID = {'i', 'd'};

    /**
     * One line, {@code b[from, to)}. Field names and the colon and space are ASCII, and UTF-8 keeps every ASCII
     * byte as itself (never inside another character, nor swallowed by a malformed one), so telling them on the
     * bytes and decoding the value alone gives what decoding the line and cutting the text gave.
     */
    private void endLine(byte[] b, int from, int to, List<SseEvent> out) {
        if (from == to) {
            if (pending()) {
                dispatch(out);
            }
            return;
        }
        if (b[from] == ':') {
            return; // comment / keep-alive
        }
        int colon = from;
        while (colon < to && b[colon] != ':') {
            colon++;
        }
        int value = colon < to ? colon + 1 : to;
        if (value < to && b[value] == ' ') {
            value++;
        }
        if (is(b, from, colon, DATA)) {
            eventBytes += (to - from) + 1; // buffered until the event dispatches
            String v = new String(b, value, to - value, StandardCharsets.UTF_8);
            if (data != null) {
                data.append('\n').append(v);
            } else if (soleData != null) {
                data = new StringBuilder(soleData.length() + v.length() + 16).append(soleData).append('\n')
                        .append(v);
                soleData = null;
            } else {
                soleData = v;
            }
        } else if (is(b, from, colon, EVENT)) {
            event = new String(b, value, to - value, StandardCharsets.UTF_8);
        } else if (is(b, from, colon, ID)) {
            id = new String(b, value, to - value, StandardCharsets.UTF_8);
        }
        // "retry" and unknown fields carry nothing we use
    }

    private static boolean is(byte[] b, int from, int to, byte[] name) {
        return to - from == name.length && Arrays.equals(b, from, to, name, 0, name.length);
    }

    /** Whether a blank line now dispatches an event (it has data lines or an event name). */
    private boolean pending() {
        return soleData != null || data != null || event != null;
    }

    private void dispatch(List<SseEvent> out) {
        out.add(new SseEvent(event, data != null ? data.toString() : soleData != null ? soleData : "", id));
        event = null;
        data = null;
        soleData = null;
        id = null;
        eventBytes = 0;
    }
}
