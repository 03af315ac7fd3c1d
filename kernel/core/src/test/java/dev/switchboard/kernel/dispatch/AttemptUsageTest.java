package dev.switchboard.kernel.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.kernel.auth.ClientPrincipal;
import dev.switchboard.kernel.dialect.AnthropicDialect;
import dev.switchboard.kernel.dispatch.Dispatcher.Exchange;
import dev.switchboard.kernel.store.UsageOutcome;
import dev.switchboard.kernel.store.UsageRecord;
import dev.switchboard.spi.Dialect;
import dev.switchboard.spi.TokenCounter;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.spi.model.ChatResponse;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.Message;
import dev.switchboard.spi.model.StopReason;
import dev.switchboard.spi.model.Usage;
import dev.switchboard.spi.model.UsageSource;
import dev.switchboard.spi.stream.Delta;
import dev.switchboard.spi.stream.StreamAccumulator;
import dev.switchboard.spi.stream.StreamEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which figures an attempt's usage rows carry: the upstream's when it reported any, else the gateway's estimate
 * (the request's tokens plus the tokens of what was answered), and what else a row names.
 */
class AttemptUsageTest {
    private static final ChatRequest REQUEST = ChatRequest.builder("claude-sonnet-4-5")
            .addMessage(Message.user("count the words of this prompt, please")).maxTokens(100).build();
    private final List<UsageRecord> recorded = new ArrayList<>();
    private final Exchange ex = new Exchange(new AnthropicDialect(), ParsedRequest.of(REQUEST), null,
            ClientPrincipal.LOOPBACK, null, new RequestInfo(), "req_1");
    private final AttemptUsage usage = new AttemptUsage(Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"),
            ZoneOffset.UTC), ex, "up", "a1", "claude-sonnet-4-5-20250929", recorded::add);

    private static StreamAccumulator streamed(String text, Usage reported) {
        StreamAccumulator acc = new StreamAccumulator();
        acc.accept(new StreamEvent.MessageStart("m", "claude", reported));
        acc.accept(new StreamEvent.BlockStart(0, new ContentBlock.Text("", null, null)));
        acc.accept(new StreamEvent.BlockDelta(0, new Delta.TextDelta(text)));
        acc.accept(new StreamEvent.BlockStop(0));
        return acc;
    }

    @Test
    void theUpstreamsFiguresWinWhenItReportedAny() {
        Usage reported = Usage.of(12, 3);
        assertSame(reported, usage.of(streamed("hello there", reported)));
        ChatResponse r = new ChatResponse("m", "claude", List.of(new ContentBlock.Text("hi", null, null)),
                StopReason.END_TURN, null, reported);
        assertSame(reported, usage.of(r));
    }

    @Test
    void withoutUpstreamFiguresTheRequestAndTheAnswerAreEstimated() {
        Usage u = usage.of(streamed("hello there, general kenobi", Usage.ZERO));
        assertEquals(UsageSource.ESTIMATED, u.source());
        assertEquals(TokenCounter.shared().countRequest(REQUEST), u.inputTokens());
        assertTrue(u.outputTokens() > 0, u.toString());
    }

    @Test
    void anAnswerWithoutContentAndWithoutFiguresCountsNothing() {
        StreamAccumulator empty = new StreamAccumulator();
        empty.accept(new StreamEvent.MessageStart("m", "claude", Usage.ZERO));
        assertEquals(Usage.ZERO, usage.of(empty));
        assertEquals(Usage.ZERO, usage.of(new ChatResponse("m", "claude", List.of(), StopReason.END_TURN, null,
                Usage.ZERO)));
    }

    @Test
    void aRowNamesTheProviderAccountModelsAndOutcome() {
        usage.recordAnswered(Usage.of(5, 7), 200);
        assertEquals(1, recorded.size());
        UsageRecord row = recorded.get(0);
        assertEquals("up", row.provider());
        assertEquals("a1", row.accountName());
        assertEquals("claude-sonnet-4-5", row.routeModel());
        assertEquals("claude-sonnet-4-5-20250929", row.upstreamModel());
        assertEquals(UsageOutcome.OK, row.outcome());
        assertEquals(Dialect.ANTHROPIC, row.dialect());
        assertEquals(200, row.status());
        assertNull(row.errorKind(), "only an error row names its kind");
        assertNull(row.clientKeyName(), "loopback mode has no key name");
        assertSame(row, ex.info().usage(), "the request's metrics report the latest row");
    }
}
