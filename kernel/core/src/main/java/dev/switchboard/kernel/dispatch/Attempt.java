package dev.switchboard.kernel.dispatch;

import dev.switchboard.kernel.config.DispatchSettings;
import dev.switchboard.kernel.dispatch.ClientStream.ClientGone;
import dev.switchboard.kernel.dispatch.Dispatcher.Exchange;
import dev.switchboard.kernel.pool.Lease;
import dev.switchboard.kernel.runtime.ProviderInstance;
import dev.switchboard.kernel.runtime.RefreshCoordinator;
import dev.switchboard.kernel.store.UsageOutcome;
import dev.switchboard.kernel.store.UsageRecord;
import dev.switchboard.spi.Account;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.TokenCounter;
import dev.switchboard.spi.UpstreamCall;
import dev.switchboard.spi.UpstreamError;
import dev.switchboard.spi.UpstreamResponse;
import dev.switchboard.spi.model.ChatResponse;
import dev.switchboard.spi.model.Usage;
import dev.switchboard.spi.model.UsageSource;
import dev.switchboard.spi.sse.SseWriter;
import dev.switchboard.spi.stream.ResponseEvents;
import dev.switchboard.spi.stream.StreamAccumulator;
import dev.switchboard.spi.stream.StreamEvent;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * One attempt on one account: refresh the credential if due, prepare, send, classify a non-2xx answer
 * (refreshing once and retrying on an auth failure), and deliver the answer — as a converted stream, a
 * folded or unfolded unary reply, or relayed bytes. Throws {@link GatewayException} for failures before the
 * first byte reached the client (the dispatcher may fail over); failures after that end the client's
 * stream with its dialect's error and are recorded here. Single use, one thread.
 */
final class Attempt {
    private static final Logger LOG = Logger.getLogger(Attempt.class.getName());
    private static final int MAX_UNARY_BODY = 64 * 1024 * 1024;

    private final Exchange ex;
    private final ProviderInstance inst;
    private final String upstreamModel;
    private final Lease lease;
    private final Duration heartbeat;
    private final UsageSink usageSink;
    private final Clock clock;
    private final DispatchSettings settings;
    private boolean effectApplied;

    Attempt(Exchange ex, ProviderInstance inst, String upstreamModel, Lease lease, Duration heartbeat,
            UsageSink usageSink, Clock clock, DispatchSettings settings) {
        this.ex = ex;
        this.inst = inst;
        this.upstreamModel = upstreamModel;
        this.lease = lease;
        this.heartbeat = heartbeat;
        this.usageSink = usageSink;
        this.clock = clock;
        this.settings = settings;
    }

    void run() throws GatewayException {
        try {
            Account account = lease == null ? null : lease.account();
            RefreshCoordinator rc = inst.refresher();
            if (lease != null && rc != null) {
                account = rc.ensureFresh(lease.pooled(), account, false);
            }
            boolean authRetried = false;
            while (true) {
                UpstreamCall call = inst.provider().prepare(ex.parsed().request(), upstreamModel, account, ex.client());
                UpstreamResponse up = inst.transport().send(call.request());
                if (up.isSuccess()) {
                    deliver(call, up);
                    return;
                }
                GatewayException e;
                try (up) {
                    e = classify(call, up);
                }
                if (e.kind() == ErrorKind.UPSTREAM_AUTH && rc != null && lease != null && !authRetried
                        && rc.refresher().canRefresh(account)) {
                    authRetried = true;
                    LOG.fine(() -> "upstream rejected the credential of " + inst.id() + "/" + lease.pooled().name()
                            + "; refreshing once");
                    account = rc.ensureFresh(lease.pooled(), account, true);
                    continue;
                }
                throw e;
            }
        } catch (GatewayException e) {
            applyEffect(e);
            throw e;
        }
    }

    private void applyEffect(GatewayException e) {
        if (lease != null && !effectApplied) {
            effectApplied = true;
            lease.failure(e);
        }
    }

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

    private void deliver(UpstreamCall call, UpstreamResponse up) throws GatewayException {
        try (up) {
            boolean clientStream = ex.parsed().request().stream();
            if (call.passThrough() != null && call.passThrough() == ex.dialect().id()) {
                relay(call, up, clientStream);
            } else if (call.streaming()) {
                events(call, up, clientStream);
            } else {
                unaryUpstream(call, up, clientStream);
            }
        }
    }

    /** Converted stream: hold events until the first content, then commit (or fold for unary clients). */
    private void events(UpstreamCall call, UpstreamResponse up, boolean clientStream) throws GatewayException {
        StreamAccumulator acc = new StreamAccumulator();
        EventPump pump = new EventPump(up.body(), call.decoder(), new GuardFilter(inst.pluginId() + "/" + inst.id()));
        List<StreamEvent> held = new ArrayList<>();
        while (true) {
            StreamEvent ev = pump.next();
            if (ev == null) {
                throw new GatewayException(ErrorKind.UPSTREAM_BAD_RESPONSE, "upstream ended without a response");
            }
            if (ev instanceof StreamEvent.StreamError se) {
                throw new GatewayException(se.kind(), se.message());
            }
            held.add(ev);
            acc.accept(ev);
            if (!(ev instanceof StreamEvent.MessageStart)) {
                break;
            }
        }
        if (!clientStream) {
            StreamEvent ev;
            while ((ev = pump.next()) != null) {
                if (ev instanceof StreamEvent.StreamError se) {
                    throw new GatewayException(se.kind(), se.message());
                }
                acc.accept(ev);
            }
            ChatResponse r = acc.toResponse();
            writeUnary(r);
            finishOk(r.usage(), r, 200);
            return;
        }
        String responseId = ex.dialect().newResponseId();
        OutputStream out = commitStream("text/event-stream");
        try (ClientStream cs = new ClientStream(ex.dialect().encoder(new SseWriter(out), ex.parsed(), responseId),
                ex.info(), heartbeat)) {
            for (StreamEvent e : held) {
                cs.write(e);
            }
            StreamEvent ev;
            while ((ev = pump.next()) != null) {
                acc.accept(ev);
                cs.write(ev);
            }
            cs.finish();
        } catch (ClientGone gone) {
            LOG.fine(() -> "client left a stream from " + inst.id());
            record(usageOf(acc, null), 200, UsageOutcome.ABORTED);
            if (lease != null) {
                lease.success(acc.usage().promptTokens(), acc.usage().outputTokens());
            }
            return;
        } finally {
            closeQuietly(out);
        }
        endOfStream(acc);
    }

    private void endOfStream(StreamAccumulator acc) {
        StreamEvent.StreamError err = acc.error();
        if (err != null) {
            ex.info().errorKind(err.kind());
            GatewayException e = new GatewayException(err.kind(), err.message());
            if (err.kind().isUpstream()) {
                applyEffect(e);
            }
            record(usageOf(acc, null), 200, UsageOutcome.ERROR);
            return;
        }
        finishOk(usageOf(acc, null), null, 200);
    }

    /** Unary upstream answer: unfold it for a streaming client. */
    private void unaryUpstream(UpstreamCall call, UpstreamResponse up, boolean clientStream) throws GatewayException {
        ChatResponse r = call.decoder().decodeUnary(up.readBody(MAX_UNARY_BODY));
        if (!clientStream) {
            writeUnary(r);
            finishOk(r.usage(), r, 200);
            return;
        }
        String responseId = ex.dialect().newResponseId();
        OutputStream out = commitStream("text/event-stream");
        StreamAccumulator acc = new StreamAccumulator();
        try (ClientStream cs = new ClientStream(ex.dialect().encoder(new SseWriter(out), ex.parsed(), responseId),
                ex.info(), heartbeat)) {
            for (StreamEvent e : ResponseEvents.unfold(r)) {
                acc.accept(e);
                cs.write(e);
            }
            cs.finish();
        } catch (ClientGone gone) {
            record(r.usage(), 200, UsageOutcome.ABORTED);
            return;
        } finally {
            closeQuietly(out);
        }
        finishOk(r.usage(), r, 200);
    }

    /** Same dialect both sides: relay the upstream's bytes untouched and tap them for usage. */
    private void relay(UpstreamCall call, UpstreamResponse up, boolean clientStream) throws GatewayException {
        String contentType = up.headers().first("content-type").orElse(clientStream ? "text/event-stream"
                : "application/json");
        if (!clientStream) {
            byte[] body = up.readBody(MAX_UNARY_BODY);
            Usage u = Usage.ZERO;
            try {
                u = call.decoder().decodeUnary(body).usage();
            } catch (GatewayException e) {
                LOG.fine(() -> "pass-through body of " + inst.id() + " has no readable usage: " + e.getMessage());
            }
            ServerResponse res = ex.response();
            res.status(Status.create(up.status()));
            requestIdHeader(res);
            res.header(HeaderNames.CONTENT_TYPE, contentType);
            res.send(body);
            ex.info().firstByte();
            finishOk(u, null, up.status());
            return;
        }
        OutputStream out = commitStream(contentType);
        StreamAccumulator acc = new StreamAccumulator();
        InputStream in = up.body();
        byte[] buf = new byte[16 * 1024];
        try {
            while (true) {
                int n;
                try {
                    n = in.read(buf);
                } catch (IOException | UncheckedIOException e) {
                    GatewayException ge = new GatewayException(ErrorKind.UPSTREAM_CONNECTION,
                            "upstream connection broke mid-stream");
                    ex.info().errorKind(ge.kind());
                    applyEffect(ge);
                    ex.dialect().encoder(new SseWriter(out), ex.parsed(), ex.dialect().newResponseId())
                            .write(new StreamEvent.StreamError(ge.kind(), ge.getMessage()));
                    record(usageOf(acc, null), 200, UsageOutcome.ERROR);
                    return;
                }
                if (n < 0) {
                    break;
                }
                out.write(buf, 0, n);
                out.flush();
                ex.info().firstByte();
                acc.acceptAll(call.decoder().onBytes(buf, 0, n));
            }
            acc.acceptAll(call.decoder().onEnd());
        } catch (IOException | RuntimeException clientGone) {
            record(usageOf(acc, null), 200, UsageOutcome.ABORTED);
            return;
        } finally {
            closeQuietly(out);
        }
        endOfStream(acc);
    }

    private OutputStream commitStream(String contentType) {
        ServerResponse res = ex.response();
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, contentType);
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.header(HeaderNames.create("x-accel-buffering"), "no");
        requestIdHeader(res);
        warningHeader(res);
        return res.outputStream();
    }

    private void writeUnary(ChatResponse r) {
        ServerResponse res = ex.response();
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        requestIdHeader(res);
        warningHeader(res);
        String body = ex.dialect().unary(r, ex.parsed(), ex.dialect().newResponseId()).toString();
        res.send(body.getBytes(StandardCharsets.UTF_8));
        ex.info().firstByte();
    }

    private void requestIdHeader(ServerResponse res) {
        res.header(HeaderNames.create(ex.dialect().id() == dev.switchboard.spi.Dialect.ANTHROPIC ? "request-id"
                : "x-request-id"), ex.requestId());
    }

    private void warningHeader(ServerResponse res) {
        if (!ex.parsed().droppedFields().isEmpty()) {
            res.header(HeaderNames.create("x-gateway-warning"),
                    "ignored unsupported fields: " + String.join(", ", ex.parsed().droppedFields()));
        }
    }

    private void finishOk(Usage u, ChatResponse r, int status) {
        Usage recorded = u;
        if (isEmpty(u) && r != null && !r.content().isEmpty()) {
            recorded = estimate(r);
        }
        if (lease != null) {
            lease.success(recorded.promptTokens(), recorded.outputTokens());
        }
        record(recorded, status, UsageOutcome.OK);
    }

    /** Usage to record from a folded stream: the upstream's figures, else an estimate. */
    private Usage usageOf(StreamAccumulator acc, ChatResponse r) {
        Usage u = acc.usage();
        if (!isEmpty(u)) {
            return u;
        }
        List<dev.switchboard.spi.model.ContentBlock> content = r != null ? r.content() : acc.content();
        return content.isEmpty() ? u : new Usage(TokenCounter.shared().countRequest(ex.parsed().request()),
                TokenCounter.shared().countBlocks(content), 0, 0, UsageSource.ESTIMATED);
    }

    private Usage estimate(ChatResponse r) {
        return new Usage(TokenCounter.shared().countRequest(ex.parsed().request()),
                TokenCounter.shared().countBlocks(r.content()), 0, 0, UsageSource.ESTIMATED);
    }

    private static boolean isEmpty(Usage u) {
        return u.inputTokens() == 0 && u.outputTokens() == 0 && u.cacheReadInputTokens() == 0
                && u.cacheCreationInputTokens() == 0;
    }

    private void record(Usage u, int status, UsageOutcome outcome) {
        record(usageSink, clock, ex, inst.id(), lease == null ? null : lease.pooled().name(), upstreamModel, u, status,
                outcome);
    }

    static void record(UsageSink sink, Clock clock, Exchange ex, String provider, String account, String upstreamModel,
                       Usage u, int status, UsageOutcome outcome) {
        try {
            long ttfb = ex.info().ttfbMillis();
            UsageRecord r = new UsageRecord(clock.instant().minusMillis(ex.info().elapsedMillis()),
                    ex.principal().keyId(), ex.principal().loopbackMode() ? null : ex.principal().name(), provider,
                    account, ex.parsed().request().model(), upstreamModel, u, ex.info().elapsedMillis(),
                    ttfb < 0 ? null : ttfb, status, outcome, ex.dialect().id(), ex.parsed().request().stream());
            ex.info().usage(r);
            sink.record(r);
        } catch (RuntimeException e) {
            LOG.severe(() -> "could not record usage: " + e);
        }
    }

    private static void closeQuietly(OutputStream out) {
        try {
            out.close();
        } catch (IOException | RuntimeException e) {
            LOG.finest(() -> "closing a client stream failed: " + e);
        }
    }
}
