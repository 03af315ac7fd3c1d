package dev.switchboard.kernel.dispatch;

import dev.switchboard.spi.stream.StreamEvent;
import dev.switchboard.spi.stream.StreamGuard;
import java.util.ArrayList;
import java.util.List;

/** Runs a plugin's events through the SPI {@link StreamGuard} (grammar repair, stop-reason overrides). */
final class GuardFilter implements EventFilter {
    private final StreamGuard guard;

    GuardFilter(String source) {
        this.guard = new StreamGuard(source);
    }

    @Override
    public List<StreamEvent> accept(List<StreamEvent> events) {
        if (events.isEmpty()) {
            return events;
        }
        List<StreamEvent> out = new ArrayList<>(events.size() + 2);
        for (StreamEvent e : events) {
            out.addAll(guard.accept(e));
        }
        return out;
    }

    @Override
    public List<StreamEvent> finish() {
        return guard.finish();
    }
}
