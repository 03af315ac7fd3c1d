package dev.switchboard.plugin.kiro.stream;

import java.util.ArrayList;
import java.util.List;

/**
 * Prompt-tags thinking mode (thinking is asked for in the prompt, and the model answers with tags): turns a
 * <em>leading</em> {@code <thinking>…</thinking>} of a streamed reply into thinking
 * text, whatever the delta boundaries (a tag may be split across deltas). Only text that could still be part of a
 * tag is held back; everything else is passed on at once. Per response; not thread-safe.
 */
final class ThinkingTagParser {
    static final String OPEN = "<thinking>";
    static final String CLOSE = "</thinking>";

    /** A piece of output: reasoning or ordinary text. */
    record Segment(boolean thinking, String text) {
    }

    private enum State { DETECT, THINKING, AFTER, TEXT }

    private State state = State.DETECT;
    private final StringBuilder held = new StringBuilder();

    /** Feeds one text delta. */
    List<Segment> accept(String delta) {
        List<Segment> out = new ArrayList<>(2);
        held.append(delta);
        boolean progress = true;
        while (progress && !held.isEmpty()) {
            progress = switch (state) {
                case DETECT -> detect(out);
                case THINKING -> thinking(out);
                case AFTER -> after();
                case TEXT -> {
                    out.add(new Segment(false, held.toString()));
                    held.setLength(0);
                    yield false;
                }
            };
        }
        return out;
    }

    /** Ends the reply (or a non-text event arrived): whatever is held is emitted as what it is so far. */
    List<Segment> flush() {
        List<Segment> out = new ArrayList<>(1);
        if (!held.isEmpty()) {
            out.add(new Segment(state == State.THINKING, held.toString()));
            held.setLength(0);
        }
        state = State.TEXT;
        return out;
    }

    private boolean detect(List<Segment> out) {
        String s = held.toString();
        String trimmed = s.stripLeading();
        if (trimmed.startsWith(OPEN)) {
            held.setLength(0);
            held.append(trimmed.substring(OPEN.length()));
            state = State.THINKING;
            return true;
        }
        if (OPEN.startsWith(trimmed)) {
            return false;
        }
        state = State.TEXT;
        return true;
    }

    private boolean thinking(List<Segment> out) {
        String s = held.toString();
        int end = s.indexOf(CLOSE);
        if (end >= 0) {
            if (end > 0) {
                out.add(new Segment(true, s.substring(0, end)));
            }
            held.setLength(0);
            held.append(s.substring(end + CLOSE.length()));
            state = State.AFTER;
            return true;
        }
        int keep = partialSuffix(s, CLOSE);
        if (s.length() > keep) {
            out.add(new Segment(true, s.substring(0, s.length() - keep)));
            held.delete(0, s.length() - keep);
        }
        return false;
    }

    /** The separator after {@code </thinking>} is not part of the answer. */
    private boolean after() {
        int i = 0;
        while (i < held.length() && (held.charAt(i) == '\n' || held.charAt(i) == '\r')) {
            i++;
        }
        held.delete(0, i);
        if (held.isEmpty()) {
            return false;
        }
        state = State.TEXT;
        return true;
    }

    /** Length of the longest suffix of {@code s} that is a proper prefix of {@code tag}. */
    static int partialSuffix(String s, String tag) {
        for (int n = Math.min(s.length(), tag.length() - 1); n > 0; n--) {
            if (s.endsWith(tag.substring(0, n))) {
                return n;
            }
        }
        return 0;
    }
}
