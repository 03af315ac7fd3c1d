package dev.switchboard.wire.responses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.stream.Delta;
import dev.switchboard.spi.stream.StreamEvent;
import java.util.List;

/** Checks a canonical event list against the grammar of the stream package documentation. */
final class StreamGrammar {
    private StreamGrammar() {
    }

    static void assertValid(List<StreamEvent> events) {
        assertTrue(events.size() >= 2, "too short: " + events);
        assertInstanceOf(StreamEvent.MessageStart.class, events.get(0), "MessageStart first");
        int nextIndex = 0;
        ContentBlock openBlock = null;
        int openIndex = -1;
        for (int i = 1; i < events.size(); i++) {
            StreamEvent e = events.get(i);
            boolean last = i == events.size() - 1;
            switch (e) {
                case StreamEvent.MessageStart s -> fail("second MessageStart at " + i);
                case StreamEvent.BlockStart s -> {
                    assertEquals(null, openBlock, "block started while another is open: " + events);
                    assertEquals(nextIndex++, s.index(), "block indices are dense");
                    openBlock = s.block();
                    openIndex = s.index();
                }
                case StreamEvent.BlockDelta d -> {
                    assertEquals(openIndex, d.index(), "delta for the open block only: " + events);
                    boolean matches = switch (d.delta()) {
                        case Delta.TextDelta t -> openBlock instanceof ContentBlock.Text && !t.text().isEmpty();
                        case Delta.ThinkingDelta t -> openBlock instanceof ContentBlock.Thinking;
                        case Delta.SignatureDelta t -> openBlock instanceof ContentBlock.Thinking;
                        case Delta.InputJsonDelta t -> openBlock instanceof ContentBlock.ToolUse;
                        case Delta.CitationsDelta t -> openBlock instanceof ContentBlock.Text;
                    };
                    assertTrue(matches, "delta kind matches its block: " + d);
                }
                case StreamEvent.BlockStop s -> {
                    assertEquals(openIndex, s.index(), "stop of the open block");
                    openBlock = null;
                    openIndex = -1;
                }
                case StreamEvent.MessageDelta d -> {
                    assertEquals(null, openBlock, "blocks closed before MessageDelta");
                    assertEquals(i, events.size() - 2, "MessageDelta is followed only by MessageStop");
                }
                case StreamEvent.MessageStop s -> assertTrue(last, "MessageStop last");
                case StreamEvent.StreamError err -> {
                    assertTrue(last, "StreamError last");
                    assertEquals(null, openBlock, "open block stopped before the error");
                }
            }
        }
        StreamEvent end = events.get(events.size() - 1);
        assertTrue(end instanceof StreamEvent.MessageStop || end instanceof StreamEvent.StreamError,
                "a proper end: " + end);
    }
}
