package dev.switchboard.plugin.kiro.convert;

/**
 * The instance settings that shape request conversion. Immutable.
 *
 * @param systemPrompt            a global system prompt put before the request's own ({@code system-prompt})
 * @param maxBodyBytes            UTF-8 size limit of the body ({@code max-body-bytes}, 1 200 000)
 * @param overflow                what to do above it ({@code body-overflow})
 * @param maxToolDescriptionChars tool descriptions are cut at a code point to this ({@code max-tool-description-chars})
 * @param maxTools                0 = no cap; else tools beyond it are dropped with a warning ({@code max-tools})
 * @param thinkingMode            {@code thinking-mode}
 * @param taskFields              send {@code agentContinuationId} and {@code agentTaskType} ({@code task-fields})
 */
public record ConversionOptions(String systemPrompt, int maxBodyBytes, Overflow overflow, int maxToolDescriptionChars,
                                int maxTools, ThinkingMode thinkingMode, boolean taskFields) {

    /** The defaults (plugins/kiro/README.md#instance-keys). */
    public static ConversionOptions defaults() {
        return new ConversionOptions("", 1_200_000, Overflow.REJECT, 10_000, 0, ThinkingMode.OFF, false);
    }

    public ConversionOptions withOverflow(Overflow o) {
        return new ConversionOptions(systemPrompt, maxBodyBytes, o, maxToolDescriptionChars, maxTools, thinkingMode,
                taskFields);
    }

    public ConversionOptions withMaxBodyBytes(int n) {
        return new ConversionOptions(systemPrompt, n, overflow, maxToolDescriptionChars, maxTools, thinkingMode,
                taskFields);
    }

    public ConversionOptions withThinkingMode(ThinkingMode m) {
        return new ConversionOptions(systemPrompt, maxBodyBytes, overflow, maxToolDescriptionChars, maxTools, m,
                taskFields);
    }

    /** {@code body-overflow} values. */
    public enum Overflow {
        /** Answer "prompt is too long" without calling upstream. */
        REJECT("reject"),
        /** Drop the oldest history pairs until the body fits. */
        TRIM_OLDEST("trim-oldest");

        private final String wire;

        Overflow(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        public static Overflow fromWire(String s) {
            for (Overflow o : values()) {
                if (o.wire.equals(s)) {
                    return o;
                }
            }
            return null;
        }
    }

    /** {@code thinking-mode} values. */
    public enum ThinkingMode {
        /** Thinking requests are ignored and history thinking is not sent. */
        OFF("off"),
        /** Thinking is asked for with prompt tags and a leading {@code <thinking>} reply is parsed. */
        PROMPT_TAGS("prompt-tags");

        private final String wire;

        ThinkingMode(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        /** Parses a value; YAML 1.1 reads an unquoted {@code off} as {@code false}. */
        public static ThinkingMode fromWire(String s) {
            if ("false".equals(s)) {
                return OFF;
            }
            for (ThinkingMode m : values()) {
                if (m.wire.equals(s)) {
                    return m;
                }
            }
            return null;
        }
    }
}
