package dev.switchboard.wire.openai;

import dev.switchboard.spi.json.Jsons;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The tool calls of one OpenAI Chat stream, keyed by {@code tool_calls[].index} (or array position when a
 * backend omits it), in first-seen order. It routes each fragment to its call: the first non-empty
 * {@code id} and {@code name} win (they may arrive late, after arguments), and a fragment that names a
 * different call under a key whose arguments are already complete starts a new call — some backends send
 * every parallel call as {@code index:0}. Part of {@link OpenAiChatStreamDecoder}; not thread-safe.
 */
final class OpenAiToolCallBuffer {

    /** Where a call is in the decoder's tool-call state machine. */
    enum State {
        /** Arguments may have arrived, but no name yet: cannot be emitted. */
        PENDING,
        /** Named and collected, to be emitted whole (BUFFERED mode). */
        BUFFERED,
        /** Its block is open and arguments stream into it (EAGER mode). */
        OPEN,
        /** Its block was emitted and stopped; later fragments are dropped. */
        CLOSED
    }

    /** One call's mutable state. */
    static final class Call {
        final int key;
        String id;
        String name;
        final StringBuilder args = new StringBuilder();
        State state = State.PENDING;

        Call(int key) {
            this.key = key;
        }
    }

    private final Map<Integer, Call> byKey = new HashMap<>();
    private final List<Call> calls = new ArrayList<>();

    /** The call a fragment belongs to, created on first sight; records a late id or name. */
    Call route(int key, String id, String name) {
        Call c = byKey.get(key);
        if (c == null || startsNewCall(c, id, name)) {
            c = new Call(key);
            byKey.put(key, c);
            calls.add(c);
        }
        if (c.id == null && id != null && !id.isEmpty()) {
            c.id = id;
        }
        if (c.name == null && name != null && !name.isEmpty()) {
            c.name = name;
        }
        return c;
    }

    /** All calls in first-seen order. */
    List<Call> calls() {
        return calls;
    }

    /**
     * A fragment that carries a name, under a key whose call already has a different id or name and whose
     * arguments form a complete value, is the start of the next call (repeated ids and names of the same
     * call never count).
     */
    private static boolean startsNewCall(Call c, String id, String name) {
        if (name == null || name.isEmpty() || c.name == null) {
            return false;
        }
        boolean differentId = id != null && !id.isEmpty() && c.id != null && !c.id.equals(id);
        boolean differentName = !c.name.equals(name);
        if (!differentId && !differentName) {
            return false;
        }
        String a = c.args.toString();
        return c.state == State.CLOSED || a.isBlank() || Jsons.tryParseObject(a).isPresent();
    }
}
