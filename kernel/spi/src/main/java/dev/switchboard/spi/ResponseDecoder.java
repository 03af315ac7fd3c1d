package dev.switchboard.spi;

import dev.switchboard.spi.model.ChatResponse;
import dev.switchboard.spi.stream.StreamEvent;
import java.util.List;

/**
 * Turns one upstream response into canonical form: incrementally for streams, at once for unary
 * bodies. A fresh decoder is made for every attempt; it keeps its state in fields, is used by one
 * thread, and is not thread-safe.
 *
 * <p>Stream decoders must tolerate any read boundary (a UTF-8 character or a frame split across reads)
 * and emit events that follow the canonical grammar. Failures inside a stream are reported as
 * {@link StreamEvent.StreamError} events, not exceptions.
 */
public interface ResponseDecoder {

    /** Feeds the next chunk of a streamed body; returns the events it completes (possibly none). */
    List<StreamEvent> onBytes(byte[] chunk, int offset, int length);

    /** Signals the end of the streamed body; returns the closing events (an error if the stream was cut short). */
    List<StreamEvent> onEnd();

    /**
     * Decodes a complete unary (non-streamed) body.
     *
     * @throws GatewayException {@link ErrorKind#UPSTREAM_BAD_RESPONSE} when the body is unreadable
     */
    ChatResponse decodeUnary(byte[] body) throws GatewayException;
}
