package dev.switchboard.kernel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The default stream ceiling admits only as many streams as the heap and the file limit carry. */
class StreamCeilingTest {
    private static final long MB = 1024 * 1024;

    @Test
    void streamsAtTheDefaultCeilingFitTheHeapWithRoomForTheCollectorAndTheirSocketsFitTheFileLimit() {
        for (long heap : new long[] {256 * MB, 512 * MB, 2048 * MB}) {
            int c = StreamCeiling.ceiling(heap, 1_000_000);
            long used = c * StreamCeiling.HEAP_PER_STREAM + StreamCeiling.RESERVED_HEAP;
            assertTrue(used <= heap * StreamCeiling.HEAP_SHARE_PERCENT / 100, heap / MB + " MB: " + c + " streams");
            assertTrue(used > heap * (StreamCeiling.HEAP_SHARE_PERCENT - 1) / 100, "and not far below: " + c);
        }
        assertEquals(2_686, StreamCeiling.ceiling(256 * MB, 20_000), "-Xmx256m, ulimit -n 20000");
        int c = StreamCeiling.ceiling(4096 * MB, 20_000);
        assertTrue(c * 2L + StreamCeiling.RESERVED_FDS <= 20_000, "two sockets per stream must fit: " + c);
    }

    @Test
    void theHeapBudgetIsTheCeilingsShareAndWeighsRequestsByTheirBodies() {
        long heap = 256 * MB;
        assertEquals(StreamCeiling.ceiling(heap, 1_000_000), StreamCeiling.heapBudget(heap) / StreamCeiling.heapCost(0),
                "small requests: the budget holds as many as the count ceiling admits");
        assertEquals(StreamCeiling.HEAP_PER_STREAM + 150_000, StreamCeiling.heapCost(50_000));
        long claudeCode = StreamCeiling.heapBudget(heap) / StreamCeiling.heapCost(50_000);
        assertTrue(claudeCode > 500 && claudeCode < 900, "50 KB requests at -Xmx256m: " + claudeCode);
        assertEquals(StreamCeiling.HEAP_PER_STREAM, StreamCeiling.heapBudget(1), "never below one stream");
    }

    @Test
    void theSmallerOfHeapAndFileLimitsWins() {
        assertEquals((1_256 - StreamCeiling.RESERVED_FDS) / 2, StreamCeiling.ceiling(8192 * MB, 1_256));
        assertEquals(StreamCeiling.ceiling(256 * MB, 1_000_000), StreamCeiling.ceiling(256 * MB, 0), "unknown fd limit");
        assertEquals(1, StreamCeiling.ceiling(1, 10), "never below one");
    }
}
