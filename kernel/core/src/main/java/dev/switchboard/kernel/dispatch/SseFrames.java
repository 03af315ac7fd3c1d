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

    private Frame classify(byte[] frame) {
        String event = null;
        StringBuilder data = null;
        String text = new String(frame, StandardCharsets.UTF_8);
        // Lines by hand: a regex split per frame was the largest single item of the relay's CPU profile.
        for (int from = 0, nl; from < text.length(); from = nl + 1) {
            nl = text.indexOf('\n', from);
            if (nl < 0) {
                nl = text.length();
            }
            int to = nl > from && text.charAt(nl - 1) == '\r' ? nl - 1 : nl;
            String line = text.substring(from, to);
            if (line.startsWith("event:")) {
                event = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                String d = line.substring(5);
                d = d.startsWith(" ") ? d.substring(1) : d;
                data = data == null ? new StringBuilder(d) : data.append('\n').append(d);
            }
        }
        if (dialect == Dialect.ANTHROPIC) {
            if ("message_stop".equals(event)) {
                return new Frame(frame, Kind.TERMINAL, null, null);
            }
            return new Frame(frame, "error".equals(event) ? Kind.ERROR : Kind.DATA, null, null);
        }
        if (dialect == Dialect.OPENAI_RESPONSES) {
            String type = event != null ? event
                    : data == null ? null : Jsons.tryParseObject(data.toString()).map(o -> Jsons.str(o, "type")).orElse(null);
            if ("response.completed".equals(type) || "response.incomplete".equals(type)) {
                return new Frame(frame, Kind.TERMINAL, null, null);
            }
            return new Frame(frame, "response.failed".equals(type) ? Kind.ERROR : Kind.DATA, null, null);
        }
        if (data == null) {
            return new Frame(frame, Kind.DATA, null, null);
        }
        String d = data.toString().trim();
        if (d.equals("[DONE]")) {
            return new Frame(frame, Kind.TERMINAL, null, null);
        }
        if (d.contains("\"error\"")) { // cheap test first: only a frame that may carry an error is parsed
            Optional<JsonObject> o = Jsons.tryParseObject(d);
            if (o.isPresent() && o.get().containsKey("error") && OpenAiErrorMapping.isTruthy(o.get().get("error"))) {
                return new Frame(frame, Kind.ERROR, OpenAiErrorMapping.kindOf(o.get().get("error")),
                        OpenAiErrorMapping.messageOf(o.get().get("error")));
            }
        }
        return new Frame(frame, Kind.DATA, null, null);
    }
}
