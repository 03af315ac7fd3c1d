package dev.switchboard.wire.sse;

/**
 * One dispatched SSE event.
 *
 * @param event the {@code event:} field, or null when the frame had none
 * @param data  the {@code data:} lines joined with {@code "\n"} (empty string when none)
 * @param id    the {@code id:} field, or null
 */
public record SseEvent(String event, String data, String id) {
}
