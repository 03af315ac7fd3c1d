package dev.switchboard.kernel.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.ResponseDecoder;
import dev.switchboard.spi.model.ChatResponse;
import dev.switchboard.spi.model.Usage;
import dev.switchboard.spi.stream.StreamEvent;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pump says when more events can be had without waiting: decoded ones or bytes of the same burst. */
class EventPumpTest {

    /** An upstream body that hands out one piece per read, like a chunked response; the rest counts as arrived. */
    private static final class Burst extends InputStream {
        private final Deque<byte[]> pieces = new ArrayDeque<>();

        Burst(String... parts) {
            for (String p : parts) {
                pieces.add(p.getBytes(StandardCharsets.UTF_8));
            }
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            byte[] p = pieces.poll();
            if (p == null) {
                return -1;
            }
            System.arraycopy(p, 0, b, off, p.length);
            return p.length;
        }

        @Override
        public int available() {
            return pieces.stream().mapToInt(p -> p.length).sum();
        }
    }

    /** One message-start event per piece, so events map to reads. */
    private static final ResponseDecoder ONE_EVENT_PER_READ = new ResponseDecoder() {
        @Override
        public List<StreamEvent> onBytes(byte[] chunk, int offset, int length) {
            return List.of(new StreamEvent.MessageStart(new String(chunk, offset, length, StandardCharsets.UTF_8),
                    "m", Usage.ZERO));
        }

        @Override
        public List<StreamEvent> onEnd() {
            return List.of();
        }

        @Override
        public ChatResponse decodeUnary(byte[] body) {
            throw new UnsupportedOperationException();
        }
    };

    private static final EventFilter PASS = new EventFilter() {
        @Override
        public List<StreamEvent> accept(List<StreamEvent> events) {
            return events;
        }

        @Override
        public List<StreamEvent> finish() {
            return List.of();
        }
    };

    @Test
    void bytesOfTheSameBurstCountAsReadyAndTheLastEventOfItDoesNot() {
        EventPump pump = new EventPump(new Burst("a", "b", "c"), ONE_EVENT_PER_READ, PASS);
        assertEquals("a", ((StreamEvent.MessageStart) pump.next()).id());
        assertTrue(pump.hasReady(), "b and c arrived with a: no flush yet");
        assertEquals("b", ((StreamEvent.MessageStart) pump.next()).id());
        assertTrue(pump.hasReady());
        assertEquals("c", ((StreamEvent.MessageStart) pump.next()).id());
        assertFalse(pump.hasReady(), "nothing more has arrived: what was written must leave now");
        assertNull(pump.next());
        assertFalse(pump.hasReady());
    }
}
