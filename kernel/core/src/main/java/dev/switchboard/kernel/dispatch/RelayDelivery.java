package dev.switchboard.kernel.dispatch;

import dev.switchboard.kernel.dialect.SseWriter;
import dev.switchboard.kernel.dispatch.Dispatcher.Exchange;
import dev.switchboard.kernel.store.UsageOutcome;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.ResponseDecoder;
import dev.switchboard.spi.UpstreamResponse;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.Usage;
import dev.switchboard.spi.stream.StreamAccumulator;
import dev.switchboard.spi.stream.StreamEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * Delivery of an answer in the client's own dialect (pass-through): the upstream's bytes go to the client
 * untouched and are only tapped for usage. The relay still polices what it forwards: a unary 200 must be the JSON
 * it claims, a stream must be an event stream of bounded frames, an error object inside it becomes the dialect's
 * error event, the terminal frame waits until the usage row is durable, and a stream that ends without its
 * terminal frame ends with the dialect's error event. Throws {@link GatewayException} only before the first byte
 * reached the client. Single use.
 */
final class RelayDelivery {
    private static final Logger LOG = Logger.getLogger(RelayDelivery.class.getName());
    private static final int MAX_UNARY_BODY = 64 * 1024 * 1024;
    /** Largest relayed SSE frame; beyond it the stream is an upstream fault. */
    private static final int MAX_FRAME = 16 * 1024 * 1024;

    private final Exchange ex;
    private final String source;
    private final InFlightStreams streams;
    private final Replies replies;
    private final AttemptUsage usage;
    private final LeaseOutcome account;

    RelayDelivery(Exchange ex, String source, InFlightStreams streams, Replies replies, AttemptUsage usage,
                  LeaseOutcome account) {
        this.ex = ex;
        this.source = source;
        this.streams = streams;
        this.replies = replies;
        this.usage = usage;
        this.account = account;
    }

    /** Unary: the upstream's body untouched, once its row is written. */
    void unary(ResponseDecoder decoder, UpstreamResponse up) throws GatewayException {
        String contentType = up.headers().first("content-type").orElse("");
        byte[] body = up.readBody(MAX_UNARY_BODY);
        boolean ok = up.status() == 200;
        if (ok && !contentType.toLowerCase(Locale.ROOT).contains("json")) {
            throw notJson(contentType);
        }
        Usage u = Usage.ZERO;
        try {
            // the decoder parses the body, so a decoded body is JSON: the common case parses it once
            u = decoder.decodeUnary(body).usage();
        } catch (GatewayException e) {
            if (ok && !isJsonObject(body)) {
                throw notJson(contentType);
            }
            LOG.fine(() -> "pass-through body of " + source + " has no readable usage: " + e.getMessage());
        }
        if (!replies.recordAnswered(usage, u, up.status())) {
            return;
        }
        account.success(u);
        replies.relayUnary(up.status(), contentType, body);
    }

    /** Streamed: the upstream's frames relayed as they arrive, frames that arrived together in one write. */
    void stream(ResponseDecoder decoder, UpstreamResponse up) throws GatewayException {
        String contentType = up.headers().first("content-type").orElse("");
        if (!contentType.toLowerCase(Locale.ROOT).startsWith("text/event-stream")) {
            throw new GatewayException(ErrorKind.UPSTREAM_BAD_RESPONSE, "upstream answered a stream request with "
                    + (contentType.isBlank() ? "no content type" : "'" + printable(contentType) + "'"));
        }
        DeferredFlush out = new DeferredFlush(replies.commitStream(contentType));
        StreamAccumulator acc = new StreamAccumulator();
        SseFrames frames = new SseFrames(ex.dialect().id(), MAX_FRAME);
        StreamRow row = streams.open(up::close);
        InputStream in = up.body();
        ReadBuffer buf = new ReadBuffer();
        byte[] terminal = null;
        int unflushed = 0;
        try {
            while (true) {
                int n;
                try {
                    n = buf.read(in);
                } catch (IOException | UncheckedIOException e) {
                    failed(out, acc, row, new GatewayException(ErrorKind.UPSTREAM_CONNECTION,
                            "upstream connection broke mid-stream"));
                    return;
                }
                if (n < 0) {
                    break;
                }
                acc.acceptAll(decoder.onBytes(buf.bytes(), 0, n));
                List<SseFrames.Frame> complete;
                try {
                    complete = frames.feed(buf.bytes(), 0, n);
                } catch (GatewayException e) {
                    failed(out, acc, row, e);
                    return;
                }
                for (SseFrames.Frame f : complete) {
                    if (f.kind() == SseFrames.Kind.TERMINAL || terminal != null) {
                        terminal = concat(terminal, f.bytes()); // held until the row is committed
                    } else if (f.kind() == SseFrames.Kind.ERROR && f.errorKind() != null) {
                        failed(out, acc, row, new GatewayException(f.errorKind(), f.errorMessage()));
                        return;
                    } else {
                        out.write(f.bytes());
                        unflushed++;
                        if (f.kind() == SseFrames.Kind.ERROR) {
                            // an Anthropic error event: the dialect's own, relayed as it is; the stream failed
                            out.flushNow();
                            usage.finishQuietly(row, usage.of(acc), UsageOutcome.ERROR);
                            return;
                        }
                    }
                }
                if (unflushed > 0 && (unflushed >= ConvertedDelivery.MAX_EVENTS_PER_WRITE || !moreArrived(in))) {
                    out.flushNow(); // frames that arrived together leave together, and at once
                    ex.info().firstByte();
                    unflushed = 0;
                    if (terminal == null) { // else the final row follows: nothing more to wait for from the upstream
                        row.started(() -> usage.row(acc.usage(), 200, UsageOutcome.ABORTED)); // no estimate yet
                    }
                }
                row.maybeCheckpoint(() -> usage.row(usage.of(acc), 200, UsageOutcome.ABORTED));
            }
            acc.acceptAll(decoder.onEnd());
            if (row.stoppedByGateway()) {
                usage.finishQuietly(row, usage.of(acc), UsageOutcome.ABORTED);
                return;
            }
            if (terminal == null) {
                failed(out, acc, row, new GatewayException(ErrorKind.UPSTREAM_BAD_RESPONSE,
                        "upstream stream ended without its terminal event"));
                return;
            }
            Usage u = usage.of(acc);
            if (!usage.finishServed(row, u)) {
                writeError(out, new GatewayException(ErrorKind.INTERNAL, Replies.UNRECORDED));
                return;
            }
            account.success(u);
            out.write(terminal);
            out.flushNow();
            ex.info().firstByte();
        } catch (IOException | RuntimeException clientGone) {
            usage.finishQuietly(row, usage.of(acc), UsageOutcome.ABORTED);
        } finally {
            ConvertedDelivery.closeQuietly(out);
        }
    }

    /** A relayed stream failed after its headers: the dialect's error event, the account effect, the row. */
    private void failed(DeferredFlush out, StreamAccumulator acc, StreamRow row, GatewayException e) {
        if (row.stoppedByGateway()) {
            writeError(out, new GatewayException(ErrorKind.UPSTREAM_CONNECTION, "the gateway is shutting down"));
            usage.finishQuietly(row, usage.of(acc), UsageOutcome.ABORTED);
            return;
        }
        if (e.kind().isUpstream()) {
            account.failure(e);
        }
        ex.info().errorKind(e.kind());
        writeError(out, e);
        usage.finishQuietly(row, usage.of(acc), UsageOutcome.ERROR);
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

    private static boolean moreArrived(InputStream in) {
        try {
            return in.available() > 0;
        } catch (IOException e) {
            return false; // the next read reports it
        }
    }

    /** An HTML or otherwise unreadable 200 is an upstream fault, so another account may still answer. */
    private static GatewayException notJson(String contentType) {
        return new GatewayException(ErrorKind.UPSTREAM_BAD_RESPONSE, "upstream answered 200 with "
                + (contentType.isBlank() ? "no content type" : "'" + printable(contentType) + "'")
                + " instead of a JSON body");
    }

    private static boolean isJsonObject(byte[] body) {
        try {
            Jsons.parseObject(body);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        if (a == null) {
            return b;
        }
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String printable(String s) {
        String t = s.replaceAll("[^ -~]", "?");
        return t.length() > 80 ? t.substring(0, 80) : t;
    }
}
