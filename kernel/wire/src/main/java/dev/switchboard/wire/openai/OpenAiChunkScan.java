package dev.switchboard.wire.openai;

import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

/**
 * The common chat-completion chunk read by hand, ahead of {@link OpenAiChunk}'s streaming parser: a text or
 * reasoning delta, a finish reason, the usual metadata. Parsson's tokenizer (a reader, pooled buffers, an event
 * per token) was the largest single item of a streamed request's CPU, and nearly every chunk has this shape.
 *
 * <p>It only answers when the answer is certain: it reads a narrow JSON grammar (integers of at most 18 digits,
 * the standard escapes, nesting to {@value #MAX_DEPTH}) and gives up, returning null, on anything beyond it or
 * anything malformed, and on the members whose values the reader hands out as trees ({@code error},
 * {@code tool_calls} arrays, {@code function_call} objects), except a {@code usage} object, which it builds itself
 * (every streamed answer that asks for usage ends with one). The full reader then decides,
 * so acceptance and results stay exactly the full reader's; the differential tests compare both. Within the
 * grammar it mirrors the full reader's rules: a repeated key counts with its last value, a value of the wrong
 * type counts as absent, the first choice is the first object whose {@code index} is missing or 0, and nothing
 * after the object's closing brace is read. Single use; not thread-safe.
 */
final class OpenAiChunkScan {
    /** Deeper values are left to the full reader, whose limit is {@code Jsons.MAX_DEPTH}. */
    private static final int MAX_DEPTH = 64;
    /** Longest integer read here: 18 digits always fit a long. */
    private static final int MAX_DIGITS = 18;

    /** Giving up: thrown from anywhere inside, caught once. Shared and without a stack trace (it is no error). */
    private static final class GiveUp extends RuntimeException {
        GiveUp() {
            super(null, null, false, false);
        }
    }

    private static final GiveUp GIVE_UP = new GiveUp();

    private final String s;
    private final int n;
    private final String reasoningField;
    private int i;
    /** The last key read in place: its decoded text when it had an escape, else its range in {@link #s}. */
    private String keyText;
    private int keyFrom;
    private int keyTo;

    private OpenAiChunkScan(String s, String reasoningField) {
        this.s = s;
        this.n = s.length();
        this.reasoningField = reasoningField;
    }

    /** The chunk, or null when the full reader must decide. */
    static OpenAiChunk read(String data, String reasoningField) {
        try {
            return new OpenAiChunkScan(data, reasoningField).chunk();
        } catch (GiveUp e) {
            return null;
        }
    }

    private OpenAiChunk chunk() {
        ws();
        expect('{');
        OpenAiChunk.Choice choice = null;
        JsonObject usage = null;
        if (!emptyAfterOpen('}')) {
            do {
                keyInPlace();
                if (isKey("choices")) {
                    choice = peek() == '[' ? firstChoice() : skipped(2);
                } else if (isKey("usage")) {
                    // not an object: absent, as the full reader has it (a later one still counts)
                    usage = peek() == '{' ? object(2) : skipped(2);
                } else if (isKey("error")) {
                    throw GIVE_UP;
                } else {
                    skip(2);
                }
            } while (more('}'));
        }
        return new OpenAiChunk(null, usage, choice, null);
    }

    /**
     * An object as the tree holds it, for {@code usage}: its members in order, a repeated key with its last value in
     * its first place (as a JSON object builder keeps it), integers, strings, literals and nested objects. An array
     * or anything else beyond this grammar is left to the full reader. The usage chunk ends every OpenAI stream
     * that asks for usage, so without this the one chunk per stream went through the parser.
     */
    private JsonObject object(int depth) {
        checkDepth(depth);
        expect('{');
        JsonObjectBuilder b = Jsons.objectBuilder();
        if (!emptyAfterOpen('}')) {
            do {
                String key = key();
                switch (peek()) {
                    case '"' -> b.add(key, string(true));
                    case '{' -> b.add(key, object(depth + 1));
                    case 't' -> {
                        literal("true");
                        b.add(key, JsonValue.TRUE);
                    }
                    case 'f' -> {
                        literal("false");
                        b.add(key, JsonValue.FALSE);
                    }
                    case 'n' -> {
                        literal("null");
                        b.add(key, JsonValue.NULL);
                    }
                    case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> b.add(key, number());
                    default -> throw GIVE_UP; // arrays, and anything malformed
                }
            } while (more('}'));
        }
        return b.build();
    }

    private OpenAiChunk.Choice firstChoice() {
        expect('[');
        OpenAiChunk.Choice first = null;
        if (!emptyAfterOpen(']')) {
            do {
                if (first == null && peek() == '{') {
                    first = choice();
                } else {
                    skip(3);
                }
            } while (more(']'));
        }
        return first;
    }

    /** One choice object; null when its index says it is not the first choice. */
    private OpenAiChunk.Choice choice() {
        expect('{');
        Long index = null;
        OpenAiChunk.Delta delta = null;
        OpenAiChunk.Delta message = null;
        String finishReason = null;
        if (!emptyAfterOpen('}')) {
            do {
                keyInPlace();
                int c = peek();
                if (isKey("index")) {
                    index = c == '-' || c >= '0' && c <= '9' ? number() : skipped(4);
                } else if (isKey("delta")) {
                    delta = c == '{' ? delta() : skipped(4);
                } else if (isKey("finish_reason")) {
                    finishReason = c == '"' ? string(true) : skipped(4);
                } else if (isKey("message")) {
                    message = c == '{' ? delta() : skipped(4);
                } else {
                    skip(4);
                }
            } while (more('}'));
        }
        if (index != null && index != 0) {
            return null;
        }
        return new OpenAiChunk.Choice(delta != null ? delta : message, finishReason);
    }

    /** A delta (or message) object; a key may fill more than one field, as in the full reader. */
    private OpenAiChunk.Delta delta() {
        expect('{');
        String preferred = null;
        String reasoningContent = null;
        String reasoning = null;
        String content = null;
        String refusal = null;
        if (!emptyAfterOpen('}')) {
            do {
                String key = key();
                int c = peek();
                if (c == '[' && key.equals("tool_calls") || c == '{' && key.equals("function_call")) {
                    throw GIVE_UP; // values the reader hands out as trees
                }
                boolean isPreferred = key.equals(reasoningField);
                String v = null;
                if (c == '"' && (isPreferred || OpenAiChunk.isStringField(key))) {
                    v = string(true);
                } else {
                    skip(5);
                }
                if (isPreferred) {
                    preferred = v;
                }
                switch (key) {
                    case "reasoning_content" -> reasoningContent = v;
                    case "reasoning" -> reasoning = v;
                    case "content" -> content = v;
                    case "refusal" -> refusal = v;
                    default -> {
                    }
                }
            } while (more('}'));
        }
        return new OpenAiChunk.Delta(OpenAiChatResponseReader.reasoning(preferred, reasoningContent, reasoning),
                content, refusal, null, null);
    }

    /** A member's key and its colon; the value follows, whitespace skipped. */
    private String key() {
        if (peek() != '"') {
            throw GIVE_UP;
        }
        String key = string(true);
        ws();
        expect(':');
        ws();
        return key;
    }

    /**
     * A member's key and its colon, like {@link #key()}, without making a string of it: most keys of a chunk
     * ({@code id}, {@code object}, {@code created}, {@code model}, ...) are only compared and skipped. A key with an
     * escape is decoded, so {@link #isKey} compares what the key means, as the full reader does.
     */
    private void keyInPlace() {
        if (peek() != '"') {
            throw GIVE_UP;
        }
        int from = i + 1;
        string(false);
        int to = i - 1;
        if (s.indexOf('\\', from, to) >= 0) {
            i = from - 1;
            keyText = string(true);
        } else {
            keyText = null;
            keyFrom = from;
            keyTo = to;
        }
        ws();
        expect(':');
        ws();
    }

    /** Whether the key {@link #keyInPlace} read last is {@code k}. */
    private boolean isKey(String k) {
        return keyText != null ? keyText.equals(k) : keyTo - keyFrom == k.length() && s.startsWith(k, keyFrom);
    }

    /** After an opening bracket: true (bracket consumed) when the container is empty. */
    private boolean emptyAfterOpen(char close) {
        ws();
        if (peek() == close) {
            i++;
            return true;
        }
        return false;
    }

    /** After a member or element: true for a comma (another follows), false for the closing bracket. */
    private boolean more(char close) {
        ws();
        int c = next();
        if (c == ',') {
            ws();
            return true;
        }
        if (c == close) {
            return false;
        }
        throw GIVE_UP;
    }

    /** Skips a value of any type, checking its grammar; {@code depth} is the value's own nesting level. */
    private void skip(int depth) {
        switch (peek()) {
            case '"' -> string(false);
            case '{' -> {
                checkDepth(depth);
                i++;
                if (!emptyAfterOpen('}')) {
                    do {
                        key();
                        skip(depth + 1);
                    } while (more('}'));
                }
            }
            case '[' -> {
                checkDepth(depth);
                i++;
                if (!emptyAfterOpen(']')) {
                    do {
                        skip(depth + 1);
                    } while (more(']'));
                }
            }
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> number();
        }
    }

    private <T> T skipped(int depth) {
        skip(depth);
        return null;
    }

    private static void checkDepth(int depth) {
        if (depth > MAX_DEPTH) {
            throw GIVE_UP;
        }
    }

    private void literal(String word) {
        if (!s.startsWith(word, i)) {
            throw GIVE_UP;
        }
        i += word.length();
    }

    /**
     * An integer: {@code -?(0|[1-9][0-9]*)} of at most {@value #MAX_DIGITS} digits. A fraction or exponent
     * that follows is left to the full reader: the caller finds no comma or bracket after it and gives up.
     */
    private long number() {
        boolean negative = peek() == '-';
        if (negative) {
            i++;
        }
        int start = i;
        long v = 0;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            v = v * 10 + (s.charAt(i) - '0');
            i++;
            if (i - start > MAX_DIGITS || s.charAt(start) == '0' && i - start > 1) {
                throw GIVE_UP;
            }
        }
        if (i == start) {
            throw GIVE_UP;
        }
        return negative ? -v : v;
    }

    /** A string literal; its value when {@code keep}, else only checked. */
    private String string(boolean keep) {
        expect('"');
        int start = i;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '"') {
                i++;
                return keep ? s.substring(start, i - 1) : null;
            }
            if (c == '\\') {
                return escaped(start, keep);
            }
            if (c < 0x20) {
                throw GIVE_UP;
            }
            i++;
        }
        throw GIVE_UP;
    }

    /** The rest of a string from its first backslash on. */
    private String escaped(int start, boolean keep) {
        StringBuilder b = keep ? new StringBuilder(i - start + 16).append(s, start, i) : null;
        while (i < n) {
            char c = s.charAt(i++);
            if (c == '"') {
                return keep ? b.toString() : null;
            }
            if (c < 0x20) {
                throw GIVE_UP;
            }
            if (c == '\\') {
                if (i >= n) {
                    throw GIVE_UP;
                }
                c = switch (s.charAt(i++)) {
                    case '"' -> '"';
                    case '\\' -> '\\';
                    case '/' -> '/';
                    case 'b' -> '\b';
                    case 'f' -> '\f';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    case 'u' -> unicode();
                    default -> throw GIVE_UP;
                };
            }
            if (keep) {
                b.append(c);
            }
        }
        throw GIVE_UP;
    }

    private char unicode() {
        if (i + 4 > n) {
            throw GIVE_UP;
        }
        int v = 0;
        for (int k = 0; k < 4; k++) {
            char h = s.charAt(i++); // ASCII hex only: Character.digit would take other scripts' digits too
            int d = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10
                    : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
            if (d < 0) {
                throw GIVE_UP;
            }
            v = v << 4 | d;
        }
        return (char) v;
    }

    private void ws() {
        while (i < n) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            i++;
        }
    }

    private int peek() {
        return i < n ? s.charAt(i) : -1;
    }

    private int next() {
        return i < n ? s.charAt(i++) : -1;
    }

    private void expect(char c) {
        if (next() != c) {
            throw GIVE_UP;
        }
    }
}
