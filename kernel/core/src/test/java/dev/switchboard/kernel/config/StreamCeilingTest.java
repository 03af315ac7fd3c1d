package dev.switchboard.kernel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The default stream ceiling admits 8,000 streams in a 256 MB heap with a 20,000-file limit, and no more than fit. */
class StreamCeilingTest {
    private static final long MB = 1024 * 1024;

    @Test
    void defaultAdmitsEightThousandStreamsAt256MbAnd20000Files() {
        int c = StreamCeiling.ceiling(256 * MB, 20_000);
        assertTrue(c >= 8_000, "ceiling " + c);
        assertTrue(c * 2L + StreamCeiling.RESERVED_FDS <= 20_000, "two sockets per stream must fit: " + c);
    }

    @Test
    void theSmallerOfHeapAndFileLimitsWins() {
        assertEquals(64 * MB / StreamCeiling.HEAP_PER_STREAM, StreamCeiling.ceiling(64 * MB, 1_000_000));
        assertEquals((1_256 - StreamCeiling.RESERVED_FDS) / 2, StreamCeiling.ceiling(8192 * MB, 1_256));
        assertEquals(256 * MB / StreamCeiling.HEAP_PER_STREAM, StreamCeiling.ceiling(256 * MB, 0), "unknown fd limit");
        assertEquals(1, StreamCeiling.ceiling(1, 10));
    }
}
