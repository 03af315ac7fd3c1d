package dev.switchboard.testkit;

import dev.switchboard.spi.stream.StreamEvent;
import dev.switchboard.spi.stream.StreamGuard;
import java.util.ArrayList;
import java.util.List;

/**
 * Scripted events as the kernel hands them to a client writer: through a {@link StreamGuard}. Writers only write, so
 * a test that feeds a writer a hand-made stream (a tool call without input, a thinking block without a signature)
 * gets the guard's completions, as a client of the gateway would.
 */
public final class GuardedStreams {
    private GuardedStreams() {
    }

    /** The events after the guard, its end included. */
    public static List<StreamEvent> of(List<StreamEvent> events) {
        StreamGuard guard = new StreamGuard("test-script");
        List<StreamEvent> out = new ArrayList<>(events.size() + 4);
        events.forEach(e -> out.addAll(guard.accept(e)));
        out.addAll(guard.finish());
        return out;
    }
}
