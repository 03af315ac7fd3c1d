package dev.switchboard.plugin.kiro.eventstream;

/**
 * A fatal event-stream framing error (bad CRC, length out of range, unknown header type, malformed UTF-8).
 * The stream cannot be resynchronised after it: the framing has no sync marker.
 */
public class EventStreamException extends Exception {
    private final long offset;

    /**
     * @param offset  stream offset of the frame the error is about
     * @param message what is wrong (never payload content)
     */
    public EventStreamException(long offset, String message) {
        super(message + " (frame at byte " + offset + ")");
        this.offset = offset;
    }

    /** Stream offset of the offending frame. */
    public long offset() {
        return offset;
    }
}
