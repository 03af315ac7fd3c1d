package dev.switchboard.kernel.http;

import dev.switchboard.kernel.dispatch.RequestInfo;

/**
 * Told about every request when it has ended (answer complete, stream included), by the {@link AccessLog}, on the
 * request's thread. Must be quick and must not block: it runs before the request's thread is released.
 */
@FunctionalInterface
public interface RequestListener {

    /**
     * @param path   the request path as received
     * @param status the status answered
     * @param info   what the request learned while it ran
     */
    void ended(String path, int status, RequestInfo info);
}
