package dev.switchboard.transport;

import java.time.Duration;

/** Formats durations for messages the way the YAML writes them ({@code 250ms}, {@code 30s}, {@code 10m}). Stateless. */
final class Durations {
    private Durations() {
    }

    static String format(Duration d) {
        if (d == null) {
            return "none";
        }
        long ms = d.toMillis();
        if (ms % 1000 != 0) {
            return ms + "ms";
        }
        long s = ms / 1000;
        if (s % 3600 == 0 && s > 0) {
            return s / 3600 + "h";
        }
        if (s % 60 == 0 && s > 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }
}
