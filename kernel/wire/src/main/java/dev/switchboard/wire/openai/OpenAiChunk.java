package dev.switchboard.wire.openai;

import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParser.Event;

/**
 * What {@link OpenAiChatStreamDecoder} uses of one chat-completion chunk, read with a streaming parser. Building
 * the whole tree of every chunk (maps and value objects for {@code id}, {@code object}, {@code created}, ...) was
 * about 14 % of the request threads' CPU on converted streams; this reader materialises only the rare parts
 * ({@code error}, {@code usage}, {@code tool_calls}, {@code function_call}) as subtrees, so their handling code
 * stays the tree-based one.
 *
 * <p>The common chunk (a text delta and metadata) is read by hand first ({@link OpenAiChunkScan}), which answers
 * only when it is certain and otherwise leaves the chunk to the parser below.
 *
 * <p>The result is exactly what the tree lookups gave ({@code chunk.get("error")}, {@code Jsons.obj(chunk,
 * "usage")}, the first object of {@code choices} whose {@code index} is missing or 0, its {@code delta} or else
 * {@code message}, {@code Jsons.str} of its string fields):
 * <ul>
 *   <li>a repeated key counts with its last value, as in the tree;</li>
 *   <li>a value of the wrong type counts as absent, as the {@code Jsons} accessors have it;</li>
 *   <li>the data is a JSON object exactly when {@link Jsons#tryParseObject} accepts it: every value is parsed,
 *       skipped ones included (grammar, depth, and number literals as the tree materialises them), and nothing
 *       after the object's closing brace is read, as the tree reader does not read it either.</li>
 * </ul>
 *
 * @param error  the {@code error} member, any type, or null when absent
 * @param usage  the {@code usage} object, or null
 * @param choice the first choice (index missing or 0), or null
 * @param whole  the whole chunk as a tree, only when asked for ({@code event: error} payloads), else null
 */
record OpenAiChunk(JsonValue error, JsonObject usage, Choice choice, JsonObject whole) {
    /**
     * @param delta        the choice's {@code delta} object, else its {@code message} object (some backends stream
     *                     whole messages), else null
     * @param finishReason the {@code finish_reason} string, or null
     */
    record Choice(Delta delta, String finishReason) {
    }

    /**
     * @param reasoning    the reasoning text by the profile's preference ({@link OpenAiChatResponseReader#reasoning})
     * @param content      the {@code content} string, or null
     * @param refusal      the {@code refusal} string, or null
     * @param toolCalls    the {@code tool_calls} array, or null
     * @param functionCall the legacy {@code function_call} object, or null
     */
    record Delta(String reasoning, String content, String refusal, JsonArray toolCalls, JsonObject functionCall) {
    }

    /**
     * Reads one {@code data:} payload.
     *
     * @param data           the payload
     * @param reasoningField the profile's reasoning field, preferred over {@code reasoning_content}/{@code reasoning}
     * @param keepWhole      also parse the whole tree into {@link #whole()} (costs a second parse: rare events only)
     * @return the chunk, or null when the data is not a JSON object
     */
    static OpenAiChunk read(String data, String reasoningField, boolean keepWhole) {
        if (data == null || data.isBlank()) {
            return null; // as Jsons.tryParseObject
        }
        if (!keepWhole) {
            OpenAiChunk common = OpenAiChunkScan.read(data, reasoningField);
            if (common != null) {
                return common;
            }
        }
        JsonObject whole = null;
        if (keepWhole) {
            whole = Jsons.tryParseObject(data).orElse(null);
            if (whole == null) {
                return null;
            }
        }
        try (JsonParser p = Jsons.parser(data)) {
            if (p.next() != Event.START_OBJECT) {
                return null;
            }
            return chunk(p, reasoningField, whole);
        } catch (RuntimeException e) {
            // Only the parser can fail here, and it reports malformed input and its limits as plain runtime
            // exceptions (see Jsons.parser): the data is not a JSON object. The caller fails the stream and logs
            // the data's size (not the parser's message, which may quote it).
            return null;
        }
    }

    /** The top-level members, after its START_OBJECT. */
    private static OpenAiChunk chunk(JsonParser p, String reasoningField, JsonObject whole) {
        JsonValue error = null;
        JsonObject usage = null;
        Choice choice = null;
        while (p.next() != Event.END_OBJECT) {
            String key = p.getString();
            Event v = p.next();
            switch (key) {
                case "error" -> error = p.getValue();
                case "usage" -> usage = object(p, v);
                case "choices" -> choice = v == Event.START_ARRAY ? firstChoice(p, reasoningField) : skipped(p, v);
                default -> skip(p, v);
            }
        }
        return new OpenAiChunk(error, usage, choice, whole);
    }

    /** The first object element with index missing or 0; other elements (choices of {@code n>1}) are skipped. */
    private static Choice firstChoice(JsonParser p, String reasoningField) {
        Choice first = null;
        for (Event e = p.next(); e != Event.END_ARRAY; e = p.next()) {
            if (first == null && e == Event.START_OBJECT) {
                first = choice(p, reasoningField);
            } else {
                skip(p, e);
            }
        }
        return first;
    }

    /** One choice object, after its START_OBJECT; null when its index says it is not the first choice. */
    private static Choice choice(JsonParser p, String reasoningField) {
        Long index = null;
        Delta delta = null;
        Delta message = null;
        String finishReason = null;
        while (p.next() != Event.END_OBJECT) {
            String key = p.getString();
            Event v = p.next();
            switch (key) {
                case "index" -> index = number(p, v);
                case "delta" -> delta = v == Event.START_OBJECT ? delta(p, reasoningField) : skipped(p, v);
                case "message" -> message = v == Event.START_OBJECT ? delta(p, reasoningField) : skipped(p, v);
                case "finish_reason" -> finishReason = string(p, v);
                default -> skip(p, v);
            }
        }
        // Jsons.integer clamps to int, which maps only 0 to 0: comparing the long is the same test.
        if (index != null && index != 0) {
            return null;
        }
        return new Choice(delta != null ? delta : message, finishReason);
    }

    /**
     * A delta (or message) object, after its START_OBJECT. A key may fill more than one field: the profile's
     * reasoning field may be any name, {@code content} or {@code tool_calls} included.
     */
    private static Delta delta(JsonParser p, String reasoningField) {
        String preferred = null;
        String reasoningContent = null;
        String reasoning = null;
        String content = null;
        String refusal = null;
        JsonArray toolCalls = null;
        JsonObject functionCall = null;
        while (p.next() != Event.END_OBJECT) {
            String key = p.getString();
            Event v = p.next();
            boolean isPreferred = key.equals(reasoningField);
            String s = null;
            JsonArray a = null;
            JsonObject o = null;
            if (v == Event.VALUE_STRING && (isPreferred || isStringField(key))) {
                s = p.getString();
            } else if (v == Event.START_ARRAY && key.equals("tool_calls")) {
                a = p.getArray();
            } else if (v == Event.START_OBJECT && key.equals("function_call")) {
                o = p.getObject();
            } else {
                skip(p, v);
            }
            if (isPreferred) {
                preferred = s;
            }
            switch (key) {
                case "reasoning_content" -> reasoningContent = s;
                case "reasoning" -> reasoning = s;
                case "content" -> content = s;
                case "refusal" -> refusal = s;
                case "tool_calls" -> toolCalls = a;
                case "function_call" -> functionCall = o;
                default -> {
                }
            }
        }
        return new Delta(OpenAiChatResponseReader.reasoning(preferred, reasoningContent, reasoning), content, refusal,
                toolCalls, functionCall);
    }

    /** The delta fields read as strings (besides the profile's reasoning field); shared with the scan. */
    static boolean isStringField(String key) {
        return switch (key) {
            case "reasoning_content", "reasoning", "content", "refusal" -> true;
            default -> false;
        };
    }

    /** The string value, or null (after skipping) for any other type, as {@code Jsons.str}. */
    private static String string(JsonParser p, Event v) {
        return v == Event.VALUE_STRING ? p.getString() : skipped(p, v);
    }

    /** The object value, or null (after skipping) for any other type, as {@code Jsons.obj}. */
    private static JsonObject object(JsonParser p, Event v) {
        return v == Event.START_OBJECT ? p.getObject() : skipped(p, v);
    }

    /** A number's {@code longValue()}, or null (after skipping) for any other type, as {@code Jsons.lng}. */
    private static Long number(JsonParser p, Event v) {
        // The same JsonNumber the tree holds: 0.5, 1e30 or 2^64 give the same long as before.
        return v == Event.VALUE_NUMBER ? ((JsonNumber) p.getValue()).longValue() : skipped(p, v);
    }

    /** Skips the value that starts with {@code v}; null, for the accessors above. */
    private static <T> T skipped(JsonParser p, Event v) {
        skip(p, v);
        return null;
    }

    /**
     * Consumes the value that starts with {@code v} event by event. Not {@code skipObject()}/{@code skipArray()}:
     * Parsson's versions only count brackets, so they accept what the tree refuses ({@code [{]}), skip the depth
     * limit, and never return on a truncated value. Numbers are materialised as the tree materialises them, so a
     * literal beyond the length limit (or one {@code BigDecimal} refuses) fails here as it failed there.
     */
    private static void skip(JsonParser p, Event v) {
        int depth = 0;
        Event e = v;
        while (true) {
            switch (e) {
                case START_OBJECT, START_ARRAY -> depth++;
                case END_OBJECT, END_ARRAY -> depth--;
                case VALUE_NUMBER -> p.getValue();
                default -> {
                }
            }
            if (depth == 0) {
                return;
            }
            e = p.next();
        }
    }
}
