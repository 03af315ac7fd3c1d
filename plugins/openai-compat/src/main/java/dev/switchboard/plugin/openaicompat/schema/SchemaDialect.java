package dev.switchboard.plugin.openaicompat.schema;

import java.util.Locale;

/**
 * Which JSON-schema rules a backend enforces on tool parameters and response formats
 * (plugins/openai-compat/README.md#schema-cleaning).
 * Immutable.
 */
public enum SchemaDialect {
    /** Schemas go upstream unchanged. */
    NONE("none"),
    /** OpenAI strict mode: closed objects, every property required, optional ones nullable. */
    OPENAI_STRICT("openai-strict"),
    /** Gemini-class backends: an allow-list of keywords, no {@code $ref}, {@code nullable} instead of null unions. */
    GEMINI("gemini");

    private final String wire;

    SchemaDialect(String wire) {
        this.wire = wire;
    }

    /** The YAML spelling. */
    public String wire() {
        return wire;
    }

    /** Parses the YAML spelling ({@code openai_strict} is accepted too); null when unknown. */
    public static SchemaDialect parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (SchemaDialect d : values()) {
            if (d.wire.equals(v)) {
                return d;
            }
        }
        return null;
    }
}
