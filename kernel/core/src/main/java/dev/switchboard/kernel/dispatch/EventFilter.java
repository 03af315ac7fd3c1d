package dev.switchboard.kernel.dispatch;

import dev.switchboard.spi.stream.StreamEvent;
import java.util.List;

/** A stage between a plugin's decoder and the client writer (the stream guard). One per stream; not thread-safe. */
interface EventFilter {

    List<StreamEvent> accept(List<StreamEvent> events);

    /** Events to add once the upstream stream ended. */
    List<StreamEvent> finish();
}
