package dev.switchboard.kernel.dialect;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes SSE frames to an output stream and flushes each one, so every event leaves as soon as it is
 * produced (one HTTP chunk per event). Not thread-safe: the kernel serialises event writes and
 * heartbeats on one lock.
 */
public final class SseWriter {
    private final OutputStream out;

    public SseWriter(OutputStream out) {
        this.out = out;
    }

    /** Writes {@code event: <name>\ndata: <data>\n\n}; {@code name} may be null for data-only frames. */
    public void event(String name, String data) throws IOException {
        StringBuilder sb = new StringBuilder(data.length() + 32);
        if (name != null) {
            sb.append("event: ").append(name).append('\n');
        }
        // Multi-line data needs one data: line per line.
        int start = 0;
        int nl;
        while ((nl = data.indexOf('\n', start)) >= 0) {
            sb.append("data: ").append(data, start, nl).append('\n');
            start = nl + 1;
        }
        sb.append("data: ").append(data, start, data.length()).append("\n\n");
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /**
     * Starts a frame (data-only when {@code name} is null) whose JSON the caller appends to the returned builder,
     * for events written without a JSON tree; {@link #end} sends it. The JSON must be on one line (as
     * {@link dev.switchboard.spi.json.Jsons#quote(StringBuilder, String)} writes it).
     */
    public StringBuilder begin(String name, int jsonLength) {
        StringBuilder f = new StringBuilder(jsonLength + 32);
        if (name != null) {
            f.append("event: ").append(name).append('\n');
        }
        return f.append("data: ");
    }

    /** Sends a frame started with {@link #begin}. */
    public void end(StringBuilder frame) throws IOException {
        out.write(frame.append("\n\n").toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** A data-only frame. */
    public void data(String data) throws IOException {
        event(null, data);
    }

    /** A comment line ({@code : keep-alive}), ignored by parsers; used as a heartbeat. */
    public void comment(String text) throws IOException {
        out.write((": " + text + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Raw bytes (pass-through relay). */
    public void raw(byte[] bytes, int off, int len) throws IOException {
        out.write(bytes, off, len);
        out.flush();
    }
}
