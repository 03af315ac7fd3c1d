package dev.switchboard.spi.model;

/**
 * How the model must use tools.
 *
 * @param type                   auto, any (must call some tool), none, or a named tool
 * @param name                   the tool for {@link Type#TOOL}, else null
 * @param disableParallelToolUse at most one tool call per turn
 */
public record ToolChoice(Type type, String name, boolean disableParallelToolUse) {

    /** Kinds of tool choice, with Anthropic's wire names. */
    public enum Type {
        AUTO("auto"), ANY("any"), NONE("none"), TOOL("tool");

        private final String wire;

        Type(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        public static Type fromWire(String s) {
            for (Type t : values()) {
                if (t.wire.equals(s)) {
                    return t;
                }
            }
            return null;
        }
    }

    public static ToolChoice auto() {
        return new ToolChoice(Type.AUTO, null, false);
    }
}
