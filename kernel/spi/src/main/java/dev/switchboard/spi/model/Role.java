package dev.switchboard.spi.model;

/** Author of a {@link Message}. {@code SYSTEM} covers {@code role:"system"} inside {@code messages[]}. */
public enum Role {
    USER("user"), ASSISTANT("assistant"), SYSTEM("system");

    private final String wire;

    Role(String wire) {
        this.wire = wire;
    }

    /** The lower-case name used on every wire format. */
    public String wire() {
        return wire;
    }

    /** Parses a wire role name; returns {@code null} for names that are not roles of the canonical model. */
    public static Role fromWire(String name) {
        for (Role r : values()) {
            if (r.wire.equals(name)) {
                return r;
            }
        }
        return null;
    }
}
