package dev.switchboard.plugin.factory.fake;

/** What the fake Factory answers with on its LLM routes. */
public enum Scenario {
    /** One text block ("Hello!"). */
    TEXT,
    /** A signed thinking block, then text. */
    THINKING,
    /** Text, then a get_weather tool call with input {"city":"Paris"} split across deltas. */
    TOOL_USE,
    /** Some text, then an in-band error event (Anthropic/Responses) or error chunk (chat). */
    ERROR_EVENT
}
