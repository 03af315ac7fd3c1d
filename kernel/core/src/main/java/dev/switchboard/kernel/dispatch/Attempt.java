package dev.switchboard.kernel.dispatch;

import dev.switchboard.kernel.config.DispatchSettings;
import dev.switchboard.kernel.dispatch.Dispatcher.Exchange;
import dev.switchboard.kernel.pool.Lease;
import dev.switchboard.kernel.runtime.ProviderInstance;
import dev.switchboard.kernel.runtime.RefreshCoordinator;
import dev.switchboard.spi.Account;
import dev.switchboard.spi.Dialect;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.ResponseDecoder;
import dev.switchboard.spi.UpstreamCall;
import dev.switchboard.spi.UpstreamError;
import dev.switchboard.spi.UpstreamResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * One attempt on one account: refresh the credential if due, prepare, send, classify a non-2xx answer
 * (refreshing once and retrying on an auth failure), and hand a success to its delivery mode — relayed bytes
 * ({@link RelayDelivery}) when the upstream speaks the client's dialect, else converted events or a converted
 * unary reply ({@link ConvertedDelivery}). Throws {@link GatewayException} for failures before the first byte
 * reached the client (the dispatcher may fail over), after applying the account effect; failures after that end
 * the client's stream with its dialect's error and are recorded by the delivery. Single use, one thread.
 */
final class Attempt {
    private static final Logger LOG = Logger.getLogger(Attempt.class.getName());

    private final Exchange ex;
    private final ProviderInstance inst;
    private final String upstreamModel;
    private final Lease lease;
    private final DispatchSettings settings;
    private final LeaseOutcome account;
    private final ConvertedDelivery converted;
    private final RelayDelivery relay;
    /** The request as this upstream gets it: hosted tools per its policy. */
    private final HostedTools.Outcome hosted;

    Attempt(Exchange ex, ProviderInstance inst, String upstreamModel, Lease lease, Duration heartbeat,
            UsageSink usageSink, Clock clock, DispatchSettings settings, InFlightStreams streams) {
        this.ex = ex;
        this.inst = inst;
        this.upstreamModel = upstreamModel;
        this.lease = lease;
        this.settings = settings;
        this.account = new LeaseOutcome(lease);
        AttemptUsage usage = new AttemptUsage(clock, ex, inst.id(), lease == null ? null : lease.pooled().name(),
                upstreamModel, usageSink);
        this.hosted = HostedTools.apply(ex.parsed().request(), ex.client(), inst.provider().hostedTools(upstreamModel),
                inst.id() + " (" + upstreamModel + ")");
        Replies replies = new Replies(ex, hosted.header());
        String source = inst.pluginId() + "/" + inst.id();
        this.converted = new ConvertedDelivery(ex, source, streams, heartbeat, replies, usage, account);
        this.relay = new RelayDelivery(ex, source, streams, replies, usage, account);
    }

    void run() throws GatewayException {
        try {
            Account credential = lease == null ? null : lease.account();
            RefreshCoordinator rc = inst.refresher();
            if (lease != null && rc != null) {
                credential = rc.ensureFresh(lease.pooled(), credential, false);
            }
            boolean authRetried = false;
            while (true) {
                UpstreamCall call = inst.provider().prepare(hosted.request(), upstreamModel, credential,
                        hosted.client());
                UpstreamResponse up = inst.transport().send(call.request());
                if (up.isSuccess()) {
                    ResponseDecoder decoder = call.decoder();
                    Dialect relayed = call.passThrough();
                    boolean upstreamStreams = call.streaming();
                    // A stream may run for minutes and its frames stay on this thread's stack all along: they must
                    // not keep the request body (a Claude Code request is ~50 KB) that nothing will send again.
                    call = null;
                    deliver(decoder, relayed, upstreamStreams, up);
                    return;
                }
                GatewayException e;
                try (up) {
                    e = classify(call, up);
                }
                if (e.kind() == ErrorKind.UPSTREAM_AUTH && rc != null && lease != null && !authRetried
                        && rc.refresher().canRefresh(credential)) {
                    authRetried = true;
                    LOG.fine(() -> "upstream rejected the credential of " + inst.id() + "/" + lease.pooled().name()
                            + "; refreshing once");
                    credential = rc.ensureFresh(lease.pooled(), credential, true);
                    continue;
                }
                throw e;
            }
        } catch (GatewayException e) {
            account.failure(e);
            throw e;
        }
    }

    /** The provider's classification of a non-2xx answer, carrying the upstream's status and error body. */
    private GatewayException classify(UpstreamCall call, UpstreamResponse up) throws GatewayException {
        byte[] body = up.readBody(settings.errorBodyLimit());
        GatewayException e;
        try {
            e = call.classifierOr(inst.provider().errorClassifier())
                    .classify(new UpstreamError(up.status(), up.headers(), body));
        } catch (RuntimeException re) {
            LOG.warning(() -> "error classifier of " + inst.id() + " failed: " + re);
            e = new GatewayException(ErrorKind.UPSTREAM_BAD_RESPONSE, "upstream returned HTTP " + up.status());
        }
        if (e.upstreamStatus() != 0) {
            return e;
        }
        return GatewayException.builder(e.kind()).message(e.getMessage()).retryAfter(e.retryAfter()).until(e.until())
                .param(e.param()).cause(e.getCause()).upstreamStatus(up.status()).upstreamBody(body).build();
    }

    /**
     * @param relayed         the dialect the upstream speaks when it is the client's (relay its bytes), else null
     * @param upstreamStreams whether the upstream answers with a stream
     */
    private void deliver(ResponseDecoder decoder, Dialect relayed, boolean upstreamStreams, UpstreamResponse up)
            throws GatewayException {
        try (up) {
            boolean clientStream = ex.parsed().request().stream();
            if (relayed != null && relayed == ex.dialect().id()) {
                if (clientStream) {
                    relay.stream(decoder, up);
                } else {
                    relay.unary(decoder, up);
                }
            } else if (upstreamStreams) {
                converted.events(decoder, up, clientStream);
            } else {
                converted.unary(decoder, up, clientStream);
            }
        }
    }
}
