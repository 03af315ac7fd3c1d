package dev.switchboard.spi.stream;

import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.StopReason;
import dev.switchboard.spi.model.Usage;
import java.util.Objects;

/** One event of the canonical stream grammar (see the package documentation). */
public sealed interface StreamEvent {

    /**
     * Opens the message.
     *
     * @param id    upstream message id (the kernel shows clients its own id)
     * @param model model name reported upstream
     * @param usage usage known at the start (input and cache figures), never null
     */
    record MessageStart(String id, String model, Usage usage) implements StreamEvent {
        public MessageStart {
            usage = usage == null ? Usage.ZERO : usage;
        }
    }

    /**
     * Opens block {@code index}. {@code block} is the block's initial state: an empty text, an empty
     * thinking, a tool use with its id and name and {@code {}} input, or a complete redacted thinking.
     */
    record BlockStart(int index, ContentBlock block) implements StreamEvent {
        public BlockStart {
            Objects.requireNonNull(block, "block");
        }
    }

    /** A fragment of the open block {@code index}; the delta kind always matches the block kind. */
    record BlockDelta(int index, Delta delta) implements StreamEvent {
        public BlockDelta {
            Objects.requireNonNull(delta, "delta");
        }
    }

    /** Closes block {@code index}. */
    record BlockStop(int index) implements StreamEvent {
    }

    /**
     * The end of generation: why it stopped and the final (cumulative) usage.
     *
     * @param stopReason   never null
     * @param stopSequence the matched stop sequence or null
     * @param usage        final usage, never null
     */
    record MessageDelta(StopReason stopReason, String stopSequence, Usage usage) implements StreamEvent {
        public MessageDelta {
            Objects.requireNonNull(stopReason, "stopReason");
            usage = usage == null ? Usage.ZERO : usage;
        }
    }

    /** The successful end of the stream; always follows a {@link MessageDelta}. */
    record MessageStop() implements StreamEvent {
    }

    /**
     * A failure inside the stream. Before any content it means the attempt failed (the kernel may fail
     * over); after content it is rendered as the client dialect's error event and ends the stream.
     */
    record StreamError(ErrorKind kind, String message) implements StreamEvent {
        public StreamError {
            Objects.requireNonNull(kind, "kind");
            message = message == null ? kind.defaultMessage() : message;
        }
    }
}
