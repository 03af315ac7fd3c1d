package dev.switchboard.kernel.dispatch;

import dev.switchboard.kernel.dialect.SseWriter;
import dev.switchboard.kernel.dispatch.ClientStream.ClientGone;
import dev.switchboard.kernel.dispatch.Dispatcher.Exchange;
import dev.switchboard.kernel.store.UsageOutcome;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.ResponseDecoder;
import dev.switchboard.spi.UpstreamResponse;
import dev.switchboard.spi.model.ChatResponse;
import dev.switchboard.spi.model.Usage;
import dev.switchboard.spi.stream.ResponseEvents;
import dev.switchboard.spi.stream.StreamAccumulator;
import dev.switchboard.spi.stream.StreamEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Delivery of an answer the gateway converts: the upstream's decoded events written in the client's dialect, a
 * stream folded into one reply for a unary client, or a unary reply unfolded into events for a streaming one.
 *
 * <p>A converted stream holds its events until the first content arrives, so an upstream that fails before it
 * can still fail over; after that the client's stream is committed, events leave in bursts (whatever arrived
 * together, at most {@value #MAX_EVENTS_PER_WRITE} per write), and the terminal event leaves only once the usage
 * row is durable. Throws {@link GatewayException} only before the first byte reached the client. Single use.
 */
final class ConvertedDelivery {
    private static final Logger LOG = Logger.getLogger(ConvertedDelivery.class.getName());
    private static final int MAX_UNARY_BODY = 64 * 1024 * 1024;
    /** Events of one burst written before a flush at the latest, so a long burst starts leaving early. */
    static final int MAX_EVENTS_PER_WRITE = 64;

    private final Exchange ex;
    private final String source;
    private final InFlightStreams streams;
    private final Duration heartbeat;
    private final Replies replies;
    private final AttemptUsage usage;
    private final LeaseOutcome account;

    /** {@code source} names the upstream in log lines and stream-guard reports ({@code plugin/instance}). */
    ConvertedDelivery(Exchange ex, String source, InFlightStreams streams, Duration heartbeat, Replies replies,
                      AttemptUsage usage, LeaseOutcome account) {
        this.ex = ex;
        this.source = source;
        this.streams = streams;
        this.heartbeat = heartbeat;
        this.replies = replies;
        this.usage = usage;
        this.account = account;
    }

    /** The upstream streamed: convert its events (or fold them for a unary client). */
    void events(ResponseDecoder decoder, UpstreamResponse up, boolean clientStream) throws GatewayException {
        StreamAccumulator acc = new StreamAccumulator();
        EventPump pump = new EventPump(up.body(), decoder, new GuardFilter(source));
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
            replies.answerUnary(r, usage.of(r), usage, account);
            return;
        }
        String responseId = ex.dialect().newResponseId();
        OutputStream out = replies.commitStream("text/event-stream");
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
                    if (terminal == null) { // else the final row follows: nothing more to wait for from the upstream
                        row.started(() -> usage.row(acc.usage(), 200, UsageOutcome.ABORTED)); // no estimate yet
                    }
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
                row.maybeCheckpoint(() -> usage.row(usage.of(acc), 200, UsageOutcome.ABORTED));
            }
            endStream(acc, row, cs, terminal);
        } catch (ClientGone gone) {
            LOG.fine(() -> "client left a stream from " + source);
            account.success(acc.usage());
            usage.finishQuietly(row, usage.of(acc), UsageOutcome.ABORTED);
        } finally {
            closeQuietly(out);
        }
    }

    /** The upstream answered in one piece: send it (or unfold it for a streaming client). */
    void unary(ResponseDecoder decoder, UpstreamResponse up, boolean clientStream) throws GatewayException {
        ChatResponse r = decoder.decodeUnary(up.readBody(MAX_UNARY_BODY));
        if (!clientStream) {
            replies.answerUnary(r, usage.of(r), usage, account);
            return;
        }
        String responseId = ex.dialect().newResponseId();
        OutputStream out = replies.commitStream("text/event-stream");
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
            usage.finishQuietly(row, r.usage(), UsageOutcome.ABORTED);
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
            usage.finishQuietly(row, usage.of(acc), UsageOutcome.ABORTED);
            return;
        }
        if (err != null) {
            if (err.kind().isUpstream()) {
                account.failure(new GatewayException(err.kind(), err.message()));
            }
            ex.info().errorKind(err.kind());
            cs.finish();
            usage.finishQuietly(row, usage.of(acc), UsageOutcome.ERROR);
            return;
        }
        Usage u = usage.of(acc);
        if (!usage.finishServed(row, u)) {
            cs.write(new StreamEvent.StreamError(ErrorKind.INTERNAL, Replies.UNRECORDED));
            cs.finish();
            return;
        }
        account.success(u); // after the row is durable: no credit for a success the client never got
        if (terminal != null) {
            cs.write(terminal);
        }
        cs.finish();
    }

    /** The client's event stream: the dialect's encoder over the response, flushed when the caller says. */
    private ClientStream clientStream(OutputStream out, String responseId) {
        DeferredFlush batched = new DeferredFlush(out);
        return new ClientStream(ex.dialect().encoder(new SseWriter(batched), ex.parsed(), responseId), batched,
                ex.info(), heartbeat);
    }

    static void closeQuietly(OutputStream out) {
        try {
            out.close();
        } catch (IOException | RuntimeException e) {
            LOG.finest(() -> "closing a client stream failed: " + e);
        }
    }
}
