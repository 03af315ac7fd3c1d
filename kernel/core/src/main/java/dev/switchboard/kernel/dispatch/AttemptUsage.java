package dev.switchboard.kernel.dispatch;

import dev.switchboard.kernel.dispatch.Dispatcher.Exchange;
import dev.switchboard.kernel.store.UsageOutcome;
import dev.switchboard.kernel.store.UsageRecord;
import dev.switchboard.kernel.store.UsageWriter.UsageNotRecorded;
import dev.switchboard.spi.TokenCounter;
import dev.switchboard.spi.model.ChatResponse;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.Usage;
import dev.switchboard.spi.model.UsageSource;
import dev.switchboard.spi.stream.StreamAccumulator;
import java.time.Clock;
import java.util.List;
import java.util.logging.Logger;

/**
 * The usage rows of one attempt: what a row holds, which figures it carries (the upstream's, else an estimate the
 * gateway counts itself), and the rule that a stream's row is written before its answer ends. The request's
 * estimated input tokens are counted at most once per attempt. Single use, one thread.
 */
final class AttemptUsage {
    private static final Logger LOG = Logger.getLogger(AttemptUsage.class.getName());

    private final Clock clock;
    private final Exchange ex;
    private final String provider;
    private final String account;
    private final String upstreamModel;
    private final UsageSink sink;
    private long requestTokens = -1;

    AttemptUsage(Clock clock, Exchange ex, String provider, String account, String upstreamModel, UsageSink sink) {
        this.clock = clock;
        this.ex = ex;
        this.provider = provider;
        this.account = account;
        this.upstreamModel = upstreamModel;
        this.sink = sink;
    }

    /** Writes the row of an answered unary request; throws when it could not be written. */
    void recordAnswered(Usage u, int status) {
        sink.record(row(u, status, UsageOutcome.OK));
    }

    /** This attempt's row with the given figures. */
    UsageRecord row(Usage u, int status, UsageOutcome outcome) {
        return usageRecord(clock, ex, provider, account, upstreamModel, u, status, outcome);
    }

    /** The final row of a stream served to its end; false when it could not be written. */
    boolean finishServed(StreamRow row, Usage u) {
        try {
            row.finish(row(u, 200, UsageOutcome.OK));
            return true;
        } catch (UsageNotRecorded e) {
            return false;
        }
    }

    /** The final row of a stream whose answer can no longer change (error or abort): logged if it fails. */
    void finishQuietly(StreamRow row, Usage u, UsageOutcome outcome) {
        try {
            row.finish(row(u, 200, outcome));
        } catch (UsageNotRecorded e) {
            LOG.severe(() -> "the usage row of a stream that ended " + outcome.wire() + " was not recorded");
        }
    }

    /** Usage of a folded stream: the upstream's figures, else an estimate of what was sent. */
    Usage of(StreamAccumulator acc) {
        Usage u = acc.usage();
        if (!isEmpty(u)) {
            return u;
        }
        List<ContentBlock> content = acc.content();
        return content.isEmpty() ? u : estimate(content);
    }

    /** Usage of a unary answer: the upstream's figures, else an estimate when it has content. */
    Usage of(ChatResponse r) {
        Usage u = r.usage();
        return isEmpty(u) && !r.content().isEmpty() ? estimate(r.content()) : u;
    }

    private Usage estimate(List<ContentBlock> content) {
        return new Usage(requestTokens(), TokenCounter.shared().countBlocks(content), 0, 0, UsageSource.ESTIMATED);
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
}
