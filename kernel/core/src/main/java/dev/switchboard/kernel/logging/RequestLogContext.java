package dev.switchboard.kernel.logging;

/**
 * The id of the request the current thread is serving, so every log line written while serving it — by the
 * kernel or a plugin — carries the id (the formatters read it). Each request runs on its own (virtual) thread,
 * entered and left by the access log. Log lines from other threads (schedulers, heartbeats) have none.
 */
public final class RequestLogContext {
    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private RequestLogContext() {
    }

    /** Makes {@code requestId} the current thread's request; returns the previous one (to restore on exit). */
    public static String enter(String requestId) {
        String previous = CURRENT.get();
        CURRENT.set(requestId);
        return previous;
    }

    /** Restores what {@link #enter} returned. */
    public static void exit(String previous) {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }

    /** The current thread's request id, or null. */
    public static String current() {
        return CURRENT.get();
    }
}
