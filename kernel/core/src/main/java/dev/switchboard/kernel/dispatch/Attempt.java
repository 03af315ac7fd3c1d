package dev.switchboard.kernel.dispatch;

import dev.switchboard.kernel.config.DispatchSettings;
import dev.switchboard.kernel.dialect.SseWriter;
import dev.switchboard.kernel.dispatch.ClientStream.ClientGone;
import dev.switchboard.kernel.dispatch.Dispatcher.Exchange;
import dev.switchboard.kernel.pool.Lease;
import dev.switchboard.kernel.runtime.ProviderInstance;
import dev.switchboard.kernel.runtime.RefreshCoordinator;
import dev.switchboard.kernel.store.UsageOutcome;
import dev.switchboard.kernel.store.UsageRecord;
import dev.switchboard.kernel.store.UsageWriter.UsageNotRecorded;
import dev.switchboard.kernel.http.ErrorResponses;
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
import java.util.Locale;
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
    /** Largest relayed SSE frame; beyond it the stream is an upstream fault. */
    private static final int MAX_FRAME = 16 * 1024 * 1024;
    /** Events of one burst written before a flush at the latest, so a long burst starts leaving early. */
    private static final int MAX_EVENTS_PER_WRITE = 64;
    static final String UNRECORDED = "the gateway could not record this request's usage, so it was not completed;"
            + " retry it";

    private final Exchange ex;
    private final ProviderInstance inst;
    private final String upstreamModel;
    private final Lease lease;
    private final Duration heartbeat;
    private final UsageSink usageSink;
    private final Clock clock;
    private final DispatchSettings settings;
    private final InFlightStreams streams;
    private boolean effectApplied;
    private long requestTokens = -1;

    /** The request as this upstream gets it: hosted tools per its policy. */
    private final HostedTools.Outcome hosted;

    Attempt(Exchange ex, ProviderInstance inst, String upstreamModel, Lease lease, Duration heartbeat,
            UsageSink usageSink, Clock clock, DispatchSettings settings, InFlightStreams streams) {
        this.streams = streams;
        this.ex = ex;
        this.inst = inst;
        this.upstreamModel = upstreamModel;
        this.lease = lease;
        this.heartbeat = heartbeat;
        this.usageSink = usageSink;
        this.clock = clock;
        this.settings = settings;
        this.hosted = HostedTools.apply(ex.parsed().request(), ex.client(), inst.provider().hostedTools(upstreamModel),
                inst.id() + " (" + upstreamModel + ")");
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
                UpstreamCall call = inst.provider().prepare(hosted.request(), upstreamModel, account, hosted.client());
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
                if (clientStream) {
                    relayStream(call, up);
                } else {
                    relayUnary(call, up);
                }
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
            answerUnary(r, r.usage());
            return;
        }
        String responseId = ex.dialect().newResponseId();
        OutputStream out = commitStream("text/event-stream");
        StreamRow row = streams.open(up::close);
        try (ClientStream cs = clientStream(out, responseId)) {
            for (StreamEvent e : held) {
                cs.write(e);
            }
            StreamEvent terminal = null;
            StreamEvent ev;
            int pending = held.size();
            while (true) {
                if (pending > 0 && (pending >= MAX_EVENTS_PER_WRITE || !pump.hasReady())) {
                    cs.flush(); // nothing more without waiting for the upstream: what is written leaves now
                    pending = 0;
                    row.started(() -> usageRecord(acc.usage(), 200, UsageOutcome.ABORTED)); // no estimate yet: cheap
                }
                if ((ev = pump.next()) == null) {
                    break;
                }
                acc.accept(ev);
                if (ev instanceof StreamEvent.MessageStop) {
                    terminal = ev; // leaves only once the usage row is durable
                    continue;
                }
                cs.write(ev);
                pending++;
                row.maybeCheckpoint(() -> usageRecord(usageOf(acc, null), 200, UsageOutcome.ABORTED));
            }
            endStream(acc, row, cs, terminal);
        } catch (ClientGone gone) {
            LOG.fine(() -> "client left a stream from " + inst.id());
            succeeded(acc.usage());
            finishQuietly(row, usageOf(acc, null), UsageOutcome.ABORTED);
        } finally {
            closeQuietly(out);
        }
    }

    /**
     * The end of a converted stream. An upstream error was already sent as the dialect's error event; a normal
     * end sends its held terminal event only after the usage row is committed, or the error event when the row
     * could not be written (an unrecorded request is not a free one).
     */
    private void endStream(StreamAccumulator acc, StreamRow row, ClientStream cs, StreamEvent terminal)
            throws ClientGone {
        StreamEvent.StreamError err = acc.error();
        if (row.stoppedByGateway()) {
            cs.finish();
            finishQuietly(row, usageOf(acc, null), UsageOutcome.ABORTED);
            return;
        }
        if (err != null) {
            if (err.kind().isUpstream()) {
                applyEffect(new GatewayException(err.kind(), err.message()));
            }
            ex.info().errorKind(err.kind());
            cs.finish();
            finishQuietly(row, usageOf(acc, null), UsageOutcome.ERROR);
            return;
        }
        if (!finishServed(acc, row)) {
            cs.write(new StreamEvent.StreamError(ErrorKind.INTERNAL, UNRECORDED));
            cs.finish();
            return;
        }
        if (terminal != null) {
            cs.write(terminal);
        }
        cs.finish();
    }

    /**
     * A stream served to its end: its final row committed, then counted on the account. False when the row could
     * not be written; the caller then sends the dialect's error event instead of the terminal one, and the account
     * is not credited with a success the client never got.
     */
    private boolean finishServed(StreamAccumulator acc, StreamRow row) {
        Usage u = usageOf(acc, null);
        try {
            row.finish(usageRecord(u, 200, UsageOutcome.OK));
        } catch (UsageNotRecorded e) {
            return false;
        }
        succeeded(u);
        return true;
    }

    /** Credits the account with a request it served (after the request's row is durable). */
    private void succeeded(Usage u) {
        if (lease != null) {
            lease.success(u.promptTokens(), u.outputTokens());
        }
    }

    /** Unary upstream answer: unfold it for a streaming client. */
    private void unaryUpstream(UpstreamCall call, UpstreamResponse up, boolean clientStream) throws GatewayException {
        ChatResponse r = call.decoder().decodeUnary(up.readBody(MAX_UNARY_BODY));
        if (!clientStream) {
            answerUnary(r, r.usage());
            return;
        }
        String responseId = ex.dialect().newResponseId();
        OutputStream out = commitStream("text/event-stream");
        StreamAccumulator acc = new StreamAccumulator();
        StreamRow row = streams.open(up::close);
        try (ClientStream cs = clientStream(out, responseId)) {
            StreamEvent terminal = null;
            for (StreamEvent e : ResponseEvents.unfold(r)) {
                acc.accept(e);
                if (e instanceof StreamEvent.MessageStop) {
                    terminal = e;
                } else {
                    cs.write(e);
                }
            }
            endStream(acc, row, cs, terminal);
        } catch (ClientGone gone) {
            finishQuietly(row, r.usage(), UsageOutcome.ABORTED);
        } finally {
            closeQuietly(out);
        }
    }

    /**
     * Same dialect both sides, unary: the upstream's body untouched, after checking that a 200 is the JSON it
     * claims (an HTML or otherwise unreadable 200 is an upstream fault, so another account may still answer).
     */
    private void relayUnary(UpstreamCall call, UpstreamResponse up) throws GatewayException {
        String contentType = up.headers().first("content-type").orElse("");
        byte[] body = up.readBody(MAX_UNARY_BODY);
        if (up.status() == 200 && !isJson(contentType, body)) {
            throw new GatewayException(ErrorKind.UPSTREAM_BAD_RESPONSE, "upstream answered 200 with "
                    + (contentType.isBlank() ? "no content type" : "'" + printable(contentType) + "'")
                    + " instead of a JSON body");
        }
        Usage u = Usage.ZERO;
        try {
            u = call.decoder().decodeUnary(body).usage();
        } catch (GatewayException e) {
            LOG.fine(() -> "pass-through body of " + inst.id() + " has no readable usage: " + e.getMessage());
        }
        if (!recordAnswered(u, up.status())) {
            return;
        }
        succeeded(u);
        ServerResponse res = ex.response();
        res.status(Status.create(up.status()));
        requestIdHeader(res);
        res.header(HeaderNames.CONTENT_TYPE, contentType.isBlank() ? "application/json" : contentType);
        res.send(body);
        ex.info().firstByte();
    }

    private static boolean isJson(String contentType, byte[] body) {
        if (!contentType.toLowerCase(Locale.ROOT).contains("json")) {
            return false;
        }
        try {
            dev.switchboard.spi.json.Jsons.parseObject(body);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Same dialect both sides, streamed: the upstream's bytes relayed untouched, frame by frame, and tapped for
     * usage. The relay polices the framing ({@link SseFrames}): the answer must be an event stream, an error
     * object inside it becomes the dialect's error event, the terminal frame is held until the usage row is
     * committed, and a stream that ends without its terminal frame ends with the dialect's error event.
     */
    private void relayStream(UpstreamCall call, UpstreamResponse up) throws GatewayException {
        String contentType = up.headers().first("content-type").orElse("");
        if (!contentType.toLowerCase(Locale.ROOT).startsWith("text/event-stream")) {
            throw new GatewayException(ErrorKind.UPSTREAM_BAD_RESPONSE, "upstream answered a stream request with "
                    + (contentType.isBlank() ? "no content type" : "'" + printable(contentType) + "'"));
        }
        OutputStream raw = commitStream(contentType);
        DeferredFlush out = new DeferredFlush(raw);
        StreamAccumulator acc = new StreamAccumulator();
        SseFrames frames = new SseFrames(ex.dialect().id(), MAX_FRAME);
        StreamRow row = streams.open(up::close);
        InputStream in = up.body();
        byte[] buf = new byte[EventPump.READ_BYTES];
        byte[] terminal = null;
        int unflushed = 0;
        try {
            while (true) {
                int n;
                try {
                    n = in.read(buf);
                } catch (IOException | UncheckedIOException e) {
                    relayFailed(out, acc, row, new GatewayException(ErrorKind.UPSTREAM_CONNECTION,
                            "upstream connection broke mid-stream"));
                    return;
                }
                if (n < 0) {
                    break;
                }
                acc.acceptAll(call.decoder().onBytes(buf, 0, n));
                List<SseFrames.Frame> complete;
                try {
                    complete = frames.feed(buf, 0, n);
                } catch (GatewayException e) {
                    relayFailed(out, acc, row, e);
                    return;
                }
                for (SseFrames.Frame f : complete) {
                    if (f.kind() == SseFrames.Kind.TERMINAL || terminal != null) {
                        terminal = concat(terminal, f.bytes()); // held until the row is committed
                    } else if (f.kind() == SseFrames.Kind.ERROR && f.errorKind() != null) {
                        relayFailed(out, acc, row, new GatewayException(f.errorKind(), f.errorMessage()));
                        return;
                    } else {
                        out.write(f.bytes());
                        unflushed++;
                        if (f.kind() == SseFrames.Kind.ERROR) {
                            // an Anthropic error event: the dialect's own, relayed as it is; the stream failed
                            out.flushNow();
                            finishQuietly(row, usageOf(acc, null), UsageOutcome.ERROR);
                            return;
                        }
                    }
                }
                if (unflushed > 0 && (unflushed >= MAX_EVENTS_PER_WRITE || !moreArrived(in))) {
                    out.flushNow(); // frames that arrived together leave together, and at once
                    ex.info().firstByte();
                    unflushed = 0;
                    row.started(() -> usageRecord(acc.usage(), 200, UsageOutcome.ABORTED)); // no estimate yet: cheap
                }
                row.maybeCheckpoint(() -> usageRecord(usageOf(acc, null), 200, UsageOutcome.ABORTED));
            }
            acc.acceptAll(call.decoder().onEnd());
            if (row.stoppedByGateway()) {
                finishQuietly(row, usageOf(acc, null), UsageOutcome.ABORTED);
                return;
            }
            if (terminal == null) {
                relayFailed(out, acc, row, new GatewayException(ErrorKind.UPSTREAM_BAD_RESPONSE,
                        "upstream stream ended without its terminal event"));
                return;
            }
            if (!finishServed(acc, row)) {
                writeError(out, new GatewayException(ErrorKind.INTERNAL, UNRECORDED));
                return;
            }
            out.write(terminal);
            out.flushNow();
            ex.info().firstByte();
        } catch (IOException | RuntimeException clientGone) {
            finishQuietly(row, usageOf(acc, null), UsageOutcome.ABORTED);
        } finally {
            closeQuietly(out);
        }
    }

    private static boolean moreArrived(InputStream in) {
        try {
            return in.available() > 0;
        } catch (IOException e) {
            return false; // the next read reports it
        }
    }

    /** A relayed stream failed after its headers: the dialect's error event, the account effect, the row. */
    private void relayFailed(DeferredFlush out, StreamAccumulator acc, StreamRow row, GatewayException e) {
        if (row.stoppedByGateway()) {
            writeError(out, new GatewayException(ErrorKind.UPSTREAM_CONNECTION, "the gateway is shutting down"));
            finishQuietly(row, usageOf(acc, null), UsageOutcome.ABORTED);
            return;
        }
        if (e.kind().isUpstream()) {
            applyEffect(e);
        }
        ex.info().errorKind(e.kind());
        writeError(out, e);
        finishQuietly(row, usageOf(acc, null), UsageOutcome.ERROR);
    }

    private void writeError(DeferredFlush out, GatewayException e) {
        try {
            ex.dialect().encoder(new SseWriter(out), ex.parsed(), ex.dialect().newResponseId())
                    .write(new StreamEvent.StreamError(e.kind(), e.getMessage()));
            out.flushNow();
        } catch (IOException | RuntimeException gone) {
            LOG.fine("client left before the error event of a relayed stream");
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        if (a == null) {
            return b;
        }
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String printable(String s) {
        String t = s.replaceAll("[^ -~]", "?");
        return t.length() > 80 ? t.substring(0, 80) : t;
    }

    /** The client's event stream: the dialect's encoder over the response, flushed when the caller says. */
    private ClientStream clientStream(OutputStream out, String responseId) {
        DeferredFlush batched = new DeferredFlush(out);
        return new ClientStream(ex.dialect().encoder(new SseWriter(batched), ex.parsed(), responseId), batched,
                ex.info(), heartbeat);
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

    /**
     * A converted unary answer: counted on the account, its usage row committed, and only then sent — or a 500
     * in the client's dialect when the row could not be written.
     */
    private void answerUnary(ChatResponse r, Usage upstreamUsage) {
        Usage u = isEmpty(upstreamUsage) && !r.content().isEmpty() ? estimate(r) : upstreamUsage;
        if (!recordAnswered(u, 200)) {
            return;
        }
        succeeded(u);
        ServerResponse res = ex.response();
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        requestIdHeader(res);
        warningHeader(res);
        String body = ex.dialect().unary(r, ex.parsed(), ex.dialect().newResponseId()).toString();
        res.send(body.getBytes(StandardCharsets.UTF_8));
        ex.info().firstByte();
    }

    /** Commits the row of a unary answer; on failure answers 500 instead and returns false. */
    private boolean recordAnswered(Usage u, int status) {
        try {
            usageSink.record(usageRecord(u, status, UsageOutcome.OK));
            return true;
        } catch (UsageNotRecorded e) {
            ErrorResponses.send(ex.response(), ex.dialect().id(), new GatewayException(ErrorKind.INTERNAL, UNRECORDED),
                    ex.requestId());
            return false;
        }
    }

    private void requestIdHeader(ServerResponse res) {
        res.header(HeaderNames.create(ex.dialect().id() == dev.switchboard.spi.Dialect.ANTHROPIC ? "request-id"
                : "x-request-id"), ex.requestId());
    }

    private void warningHeader(ServerResponse res) {
        if (hosted.header() != null) {
            res.header(HeaderNames.create(HostedTools.HEADER), hosted.header());
        }
        if (!ex.parsed().droppedFields().isEmpty()) {
            res.header(HeaderNames.create("x-gateway-warning"),
                    "ignored unsupported fields: " + String.join(", ", ex.parsed().droppedFields()));
        }
    }

    /** Usage to record from a folded stream: the upstream's figures, else an estimate. */
    private Usage usageOf(StreamAccumulator acc, ChatResponse r) {
        Usage u = acc.usage();
        if (!isEmpty(u)) {
            return u;
        }
        List<dev.switchboard.spi.model.ContentBlock> content = r != null ? r.content() : acc.content();
        return content.isEmpty() ? u : new Usage(requestTokens(), TokenCounter.shared().countBlocks(content), 0, 0,
                UsageSource.ESTIMATED);
    }

    private Usage estimate(ChatResponse r) {
        return new Usage(requestTokens(), TokenCounter.shared().countBlocks(r.content()), 0, 0, UsageSource.ESTIMATED);
    }

    /**
     * The request's estimated input tokens, counted once: an upstream that reports usage only at its end (OpenAI)
     * would otherwise have the whole request tokenised again at every checkpoint of a long stream.
     */
    private long requestTokens() {
        if (requestTokens < 0) {
            requestTokens = TokenCounter.shared().countRequest(ex.parsed().request());
        }
        return requestTokens;
    }

    private static boolean isEmpty(Usage u) {
        return u.inputTokens() == 0 && u.outputTokens() == 0 && u.cacheReadInputTokens() == 0
                && u.cacheCreationInputTokens() == 0;
    }

    /** The final row of a stream whose answer can no longer change (error or abort): logged if it fails. */
    private void finishQuietly(StreamRow row, Usage u, UsageOutcome outcome) {
        try {
            row.finish(usageRecord(u, 200, outcome));
        } catch (UsageNotRecorded e) {
            LOG.severe(() -> "the usage row of a stream that ended " + outcome.wire() + " was not recorded");
        }
    }

    private UsageRecord usageRecord(Usage u, int status, UsageOutcome outcome) {
        return usageRecord(clock, ex, inst.id(), lease == null ? null : lease.pooled().name(), upstreamModel, u, status,
                outcome);
    }

    static UsageRecord usageRecord(Clock clock, Exchange ex, String provider, String account, String upstreamModel,
                                   Usage u, int status, UsageOutcome outcome) {
        long ttfb = ex.info().ttfbMillis();
        UsageRecord r = new UsageRecord(clock.instant().minusMillis(ex.info().elapsedMillis()), ex.principal().keyId(),
                ex.principal().loopbackMode() ? null : ex.principal().name(), provider, account,
                ex.parsed().request().model(), upstreamModel, u, ex.info().elapsedMillis(),
                ttfb < 0 ? null : ttfb, status, outcome, ex.dialect().id(), ex.parsed().request().stream(),
                outcome == UsageOutcome.ERROR ? ex.info().errorKind() : null, ex.info().attempts(), null);
        ex.info().usage(r); // the latest row built is what the request's metrics report at its end
        return r;
    }

    /** Records a failed request (its error answer is already sent): logged if the row cannot be written. */
    static void record(UsageSink sink, Clock clock, Exchange ex, String provider, String account, String upstreamModel,
                       Usage u, int status, UsageOutcome outcome) {
        try {
            sink.record(usageRecord(clock, ex, provider, account, upstreamModel, u, status, outcome));
        } catch (RuntimeException e) {
            LOG.severe(() -> "could not record usage: " + e.getClass().getSimpleName());
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
