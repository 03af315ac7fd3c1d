package dev.switchboard.plugin.factory.model;

import java.util.Locale;

/**
 * A model's configured reasoning level (plugins/factory/README.md#reasoning-levels): {@code auto} leaves the client's
 * own reasoning settings alone, {@code off} removes them, and the four forced levels replace them with the
 * level's thinking budget or effort. Immutable.
 */
public enum ReasoningLevel {
    AUTO("auto"), OFF("off"), LOW("low"), MEDIUM("medium"), HIGH("high"), XHIGH("xhigh");

    private final String wire;

    ReasoningLevel(String wire) {
        this.wire = wire;
    }

    /** The YAML name, which is also the effort sent to OpenAI-style upstreams for the forced levels. */
    public String wire() {
        return wire;
    }

    /** True for low, medium, high and xhigh: the level decides the upstream reasoning fields. */
    public boolean forced() {
        return this != AUTO && this != OFF;
    }

    /**
     * Parses a YAML value. Missing or unknown values mean {@code off}, and so does
     * {@code false}, because YAML 1.1 reads an unquoted {@code off} as false.
     */
    public static ReasoningLevel parse(String s) {
        if (s == null) {
            return OFF;
        }
        String v = s.trim().toLowerCase(Locale.ROOT);
        if (v.equals("false") || v.equals("no") || v.equals("none")) {
            return OFF;
        }
        for (ReasoningLevel l : values()) {
            if (l.wire.equals(v)) {
                return l;
            }
        }
        return OFF;
    }

    /** True when {@code s} names a level (or one of the spellings of off), for strict config checks. */
    public static boolean isKnown(String s) {
        if (s == null) {
            return false;
        }
        String v = s.trim().toLowerCase(Locale.ROOT);
        if (v.equals("false") || v.equals("no") || v.equals("none")) {
            return true;
        }
        for (ReasoningLevel l : values()) {
            if (l.wire.equals(v)) {
                return true;
            }
        }
        return false;
    }
}
