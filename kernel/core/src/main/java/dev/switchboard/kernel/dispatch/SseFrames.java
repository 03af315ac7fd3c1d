package dev.switchboard.kernel.dispatch;

import dev.switchboard.spi.Dialect;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.wire.openai.OpenAiErrorMapping;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The SSE framing of a relayed (pass-through) stream: cuts the upstream's bytes into whole frames and says
 * which frame ends the stream and which carries an error, so the relay can hold the terminal frame until the
 * request's usage row is committed, turn an error object inside a 200 stream into the dialect's error event,
 * and notice a stream that ended without its terminal frame. Bytes are relayed untouched, frame by frame: a
 * partial frame waits for its end (at most {@code maxFrameBytes}, beyond which the stream is an upstream
 * error rather than a memory sink).
 *
 * <p>Terminal frames: OpenAI chat {@code data: [DONE]}; Anthropic {@code event: message_stop}; Responses
 * {@code response.completed} and {@code response.incomplete} (OpenAI's Responses streams end there, with no
 * {@code [DONE]}). Error frames: OpenAI chat a {@code data:} JSON object with a truthy top-level {@code error};
 * Anthropic {@code event: error} and Responses {@code response.failed} (already the dialect's own failure,
 * relayed as it is; a Responses {@code error} event before it is ordinary data). One per stream; not
 * thread-safe.
 */
final class SseFrames {
    /** What a frame means for the relay. */
    enum Kind { DATA, TERMINAL, ERROR }

    /** One whole frame, with its bytes (terminator included) and, for an OpenAI error, its kind and message. */
    record Frame(byte[] bytes, Kind kind, ErrorKind errorKind, String errorMessage) {
    }

    private final Dialect dialect;
    private final int maxFrameBytes;
    private byte[] pending = new byte[1024];
    private int length;
    private int scanFrom;

    SseFrames(Dialect dialect, int maxFrameBytes) {
        this.dialect = dialect;
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * Adds bytes and returns the frames they completed, in order.
     *
     * @throws GatewayException (bad response) when a frame grows beyond the limit without ending
     */
    List<Frame> feed(byte[] buf, int off, int len) throws GatewayException {
        if (length + len > pending.length) {
            if (length + len > maxFrameBytes) {
                throw new GatewayException(ErrorKind.UPSTREAM_BAD_RESPONSE,
                        "upstream sent an event larger than " + maxFrameBytes + " bytes");
            }
            pending = Arrays.copyOf(pending, Math.max(pending.length * 2, length + len));
        }
        System.arraycopy(buf, off, pending, length, len);
        length += len;
        List<Frame> out = List.of();
        int start = 0;
        for (int i = Math.max(scanFrom, 1); i < length; i++) {
            int end = frameEnd(i);
            if (end > 0) {
                if (out.isEmpty()) {
                    out = new ArrayList<>(2);
                }
                out.add(classify(Arrays.copyOfRange(pending, start, end)));
                start = end;
                i = end;
            }
        }
        if (start > 0) {
            System.arraycopy(pending, start, pending, 0, length - start);
            length -= start;
        }
        scanFrom = Math.max(0, length - 3);
        return out;
    }

    /** True when bytes of an unfinished frame are waiting (other than blank lines). */
    boolean partialFrame() {
        for (int i = 0; i < length; i++) {
            if (pending[i] != '\n' && pending[i] != '\r') {
                return true;
            }
        }
        return false;
    }

    /** If a frame ends with the byte at {@code i} (a blank line: LF LF or CR LF CR LF), the index after it. */
    private int frameEnd(int i) {
        if (pending[i] != '\n') {
            return -1;
        }
        if (pending[i - 1] == '\n') {
            return i + 1;
        }
        if (i >= 3 && pending[i - 1] == '\r' && pending[i - 2] == '\n' && pending[i - 3] == '\r') {
            return i + 1;
        }
        return -1;
    }

    private static final byte[] EVENT = "event:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ERROR_KEY = "\"error\"".getBytes(StandardCharsets.US_ASCII);

    /**
     * Reads the frame's lines on its bytes: a frame is decoded to text only where its meaning needs it (an event
     * name, several data lines, a Responses type, a possible error), since decoding and cutting every frame into
     * strings was most of the relay's own CPU. The lines are the text's: split at LF, one CR before it dropped;
     * UTF-8 keeps every ASCII byte as itself, so byte tests give what the same tests on the text gave.
     */
    private Frame classify(byte[] frame) {
        String event = null;
        int dataFrom = -1;
        int dataTo = -1;
        StringBuilder data = null; // only for a frame with several data lines
        for (int from = 0, nl; from < frame.length; from = nl + 1) {
            nl = indexOf(frame, (byte) '\n', from, frame.length);
            if (nl < 0) {
                nl = frame.length;
            }
            int to = nl > from && frame[nl - 1] == '\r' ? nl - 1 : nl;
            if (startsWith(frame, from, to, EVENT)) {
                event = text(frame, from + EVENT.length, to).trim();
            } else if (startsWith(frame, from, to, DATA)) {
                int d = from + DATA.length;
                d = d < to && frame[d] == ' ' ? d + 1 : d;
                if (dataFrom < 0) {
                    dataFrom = d;
                    dataTo = to;
                } else {
                    data = data == null ? new StringBuilder(text(frame, dataFrom, dataTo)) : data;
                    data.append('\n').append(text(frame, d, to));
                }
            }
        }
        if (dialect == Dialect.ANTHROPIC) {
            if ("message_stop".equals(event)) {
                return new Frame(frame, Kind.TERMINAL, null, null);
            }
            return new Frame(frame, "error".equals(event) ? Kind.ERROR : Kind.DATA, null, null);
        }
        if (dialect == Dialect.OPENAI_RESPONSES) {
            String type = event != null || dataFrom < 0 ? event : Jsons.tryParseObject(data != null ? data.toString()
                    : text(frame, dataFrom, dataTo)).map(o -> Jsons.str(o, "type")).orElse(null);
            if ("response.completed".equals(type) || "response.incomplete".equals(type)) {
                return new Frame(frame, Kind.TERMINAL, null, null);
            }
            return new Frame(frame, "response.failed".equals(type) ? Kind.ERROR : Kind.DATA, null, null);
        }
        if (dataFrom < 0) {
            return new Frame(frame, Kind.DATA, null, null);
        }
        if (data == null) {
            int a = dataFrom;
            int b = dataTo;
            while (a < b && (frame[a] & 0xff) <= ' ') { // String.trim, on bytes: UTF-8 keeps these as themselves
                a++;
            }
            while (b > a && (frame[b - 1] & 0xff) <= ' ') {
                b--;
            }
            if (b - a == DONE.length && startsWith(frame, a, b, DONE)) {
                return new Frame(frame, Kind.TERMINAL, null, null);
            }
            if (indexOf(frame, ERROR_KEY, a, b) < 0) { // cheap test first: only a frame that may carry an error is parsed
                return new Frame(frame, Kind.DATA, null, null);
            }
            return openAiError(frame, text(frame, a, b));
        }
        String d = data.toString().trim();
        if (d.equals("[DONE]")) {
            return new Frame(frame, Kind.TERMINAL, null, null);
        }
        return d.contains("\"error\"") ? openAiError(frame, d) : new Frame(frame, Kind.DATA, null, null);
    }

    /** An OpenAI chat frame whose data may hold a truthy top-level {@code error}. */
    private static Frame openAiError(byte[] frame, String d) {
        Optional<JsonObject> o = Jsons.tryParseObject(d);
        if (o.isPresent() && o.get().containsKey("error") && OpenAiErrorMapping.isTruthy(o.get().get("error"))) {
            return new Frame(frame, Kind.ERROR, OpenAiErrorMapping.kindOf(o.get().get("error")),
                    OpenAiErrorMapping.messageOf(o.get().get("error")));
        }
        return new Frame(frame, Kind.DATA, null, null);
    }

    private static String text(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.UTF_8);
    }

    private static boolean startsWith(byte[] b, int from, int to, byte[] prefix) {
        if (to - from < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[from + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] b, byte x, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }

    /** Where {@code x} starts in {@code b[from, to)}, or -1; only a position with its first byte is compared. */
    private static int indexOf(byte[] b, byte[] x, int from, int to) {
        byte first = x[0];
        for (int i = from, last = to - x.length; i <= last; i++) {
            if (b[i] == first && startsWith(b, i, to, x)) {
                return i;
            }
        }
        return -1;
    }
}
