package dev.switchboard.plugin.factory.fake;

import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.HttpTransport;
import dev.switchboard.spi.UpstreamRequest;
import dev.switchboard.spi.UpstreamResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Wraps the instance transport and records every request sent through it, to prove that a component uses
 * the kernel's transport (where proxies, trust store and timeouts apply) rather than its own client.
 * Thread-safe.
 */
public final class CountingTransport implements HttpTransport {
    private final HttpTransport delegate;
    public final List<UpstreamRequest> sent = new CopyOnWriteArrayList<>();

    public CountingTransport(HttpTransport delegate) {
        this.delegate = delegate;
    }

    @Override
    public UpstreamResponse send(UpstreamRequest request) throws GatewayException {
        sent.add(request);
        return delegate.send(request);
    }
}
