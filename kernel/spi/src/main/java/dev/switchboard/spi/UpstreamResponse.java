package dev.switchboard.spi;

import java.io.IOException;
import java.io.InputStream;

/**
 * An upstream's answer, whose body is read as it arrives. Close it to release (and, mid-stream,
 * abort) the connection. Used by one thread at a time.
 */
public interface UpstreamResponse extends AutoCloseable {

    int status();

    HttpHeaders headers();

    /**
     * The body stream; {@code read} returns as soon as some bytes arrived, and {@code available} counts bytes that
     * already arrived behind them (a burst the upstream sent at once). Timeouts surface as IOExceptions.
     */
    InputStream body();

    /**
     * Reads the whole body up to {@code limit} bytes (for error bodies and unary replies).
     *
     * @throws GatewayException on read failure or timeout, classified as an upstream failure
     */
    byte[] readBody(int limit) throws GatewayException;

    @Override
    void close();

    /** Convenience for 2xx. */
    default boolean isSuccess() {
        return status() >= 200 && status() < 300;
    }
}
