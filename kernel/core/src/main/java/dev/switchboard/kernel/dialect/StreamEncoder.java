package dev.switchboard.kernel.dialect;

import dev.switchboard.spi.stream.StreamEvent;
import java.io.IOException;

/**
 * Renders canonical stream events in one client dialect, writing and flushing each frame as it is
 * produced. One per response; not thread-safe (the kernel serialises {@link #write} and
 * {@link #heartbeat} on one lock).
 */
public interface StreamEncoder {

    /** Renders one event (possibly as several frames, possibly as none). */
    void write(StreamEvent event) throws IOException;

    /**
     * Sends the dialect's keep-alive after a silence: {@code event: ping} to Anthropic clients, a
     * {@code : keep-alive} comment to OpenAI clients.
     */
    void heartbeat() throws IOException;

    /**
     * Ends the stream if the events did not: after a {@link StreamEvent.MessageStop} or
     * {@link StreamEvent.StreamError} it does nothing; otherwise it emits the dialect's error ending.
     */
    void finish() throws IOException;
}
