package dev.switchboard.spi;

import java.util.List;
import java.util.Objects;

/**
 * One input an {@link AccountFlow} takes, so an admin console can render a form for any plugin's flow without
 * knowing the plugin. The value is sent under {@link #name} in the flow's input object: as a string, or parsed as
 * a JSON object for {@link Kind#JSON} (a console may fill it from a file). Immutable.
 *
 * @param name     the input's key, e.g. {@code start-url}
 * @param kind     how to enter it
 * @param required whether the flow refuses to start without it
 * @param label    a short English label (a console may show its own translation of well-known names instead)
 * @param help     one English sentence about the value, or null
 * @param choices  the allowed values of a {@link Kind#CHOICE} (the first is the default); empty otherwise
 */
public record FlowField(String name, Kind kind, boolean required, String label, String help, List<String> choices) {

    /** How a value is entered and sent. */
    public enum Kind {
        /** One line of text. */
        TEXT,
        /** One line of text that is a secret: entered hidden, never shown back. */
        SECRET,
        /** A URL the admin pastes. */
        URL,
        /** A JSON object (pasted, or read from a file). */
        JSON,
        /** One of {@link #choices}. */
        CHOICE
    }

    public FlowField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(label, "label");
        choices = choices == null ? List.of() : List.copyOf(choices);
        if (kind == Kind.CHOICE && choices.isEmpty()) {
            throw new IllegalArgumentException("choice field " + name + " needs choices");
        }
    }

    /** An optional field of the given kind. */
    public static FlowField optional(String name, Kind kind, String label, String help) {
        return new FlowField(name, kind, false, label, help, List.of());
    }

    /** A required field of the given kind. */
    public static FlowField required(String name, Kind kind, String label, String help) {
        return new FlowField(name, kind, true, label, help, List.of());
    }

    /** A choice among fixed values; the first is the default. */
    public static FlowField choice(String name, String label, String help, String... choices) {
        return new FlowField(name, Kind.CHOICE, false, label, help, List.of(choices));
    }
}
