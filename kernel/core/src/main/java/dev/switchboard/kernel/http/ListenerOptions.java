package dev.switchboard.kernel.http;

import dev.switchboard.kernel.config.ServerSettings;
import io.helidon.common.socket.SocketOptions;
import io.helidon.webserver.WebServerConfig;

/**
 * The listener's socket options from {@code server:}. One place, so the gateway and the test that reads the
 * options back from an accepted socket apply the same ones. Stateless.
 */
public final class ListenerOptions {
    static final int BACKLOG = 8192;
    private ListenerOptions() {
    }

    public static WebServerConfig.Builder apply(WebServerConfig.Builder b, ServerSettings s) {
        return b.host(s.host())
                .port(s.port())
                // Nagle off: an SSE event is small; with Nagle on, the event after the headers waits for the
                // client's delayed ACK (~40 ms on Linux) before it leaves.
                .connectionOptions(SocketOptions.builder().tcpNoDelay(s.tcpNoDelay()).build())
                // Connections without a request in progress (or whose request line never completes) are closed.
                .idleConnectionTimeout(s.idleTimeout())
                .idleConnectionPeriod(idleCheckPeriod(s.idleTimeout()))
                // No 4 KB write buffer per streamed response: streams gather their bursts themselves and hold
                // nothing while they wait (DeferredFlush); unary answers are sent whole and never used it.
                .writeBufferSize(0)
                // Blocking java.net sockets (PlainSocket, one 8 KB read buffer) as before Helidon 4.4: its NIO
                // socket, the default since then, holds an 8 KB read and an 8 KB write buffer per connection and
                // writes a response in 8 KB pieces.
                .useNio(false)
                // Connections opened in a burst wait in the accept queue instead of having their SYN retried a
                // second later (Helidon's default is 1,024; the kernel caps it at net.core.somaxconn).
                .backlog(BACKLOG);
    }

    /** How often Helidon looks for idle connections: a quarter of the timeout, at most its default of 2 minutes. */
    static java.time.Duration idleCheckPeriod(java.time.Duration idle) {
        java.time.Duration quarter = idle.dividedBy(4);
        java.time.Duration max = java.time.Duration.ofMinutes(2);
        java.time.Duration min = java.time.Duration.ofMillis(50);
        return quarter.compareTo(max) > 0 ? max : quarter.compareTo(min) < 0 ? min : quarter;
    }
}
