package dev.switchboard.wire.anthropic;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code anthropic-beta} header: a comma list of feature names, read from clients (Claude Code sends several)
 * and edited by plugins before forwarding, because an upstream may accept only some of them: split on
 * {@code ,}, trim, apply the plugin's rules, drop duplicates, join with {@code ", "}. Stateless and thread-safe.
 */
public final class AnthropicBetas {
    /** The header name (lower case, as {@link dev.switchboard.spi.HttpHeaders} stores names). */
    public static final String HEADER = "anthropic-beta";
    /** Allows {@code role:"system"} inside {@code messages[]}; without it such messages are converted into
     *  system reminders ({@link dev.switchboard.wire.SystemReminders}). */
    public static final String PER_TURN_CONTROL = "per-turn-control-2026-07-01";
    /** Allows {@code context_management}. */
    public static final String CONTEXT_MANAGEMENT = "context-management-2025-06-27";
    /** Allows {@code defer_loading} on tools. */
    public static final String ADVANCED_TOOL_USE = "advanced-tool-use-2025-11-20";
    /** Allows {@code output_config.effort}. */
    public static final String EFFORT = "effort-2025-11-24";
    /** Thinking between tool calls. */
    public static final String INTERLEAVED_THINKING = "interleaved-thinking-2025-05-14";

    private AnthropicBetas() {
    }

    /**
     * Parses header values (the header may occur several times): each is split on {@code ,}, names are
     * trimmed, empty names dropped and duplicates removed, first occurrence first.
     */
    public static List<String> parse(Collection<String> headerValues) {
        Set<String> out = new LinkedHashSet<>();
        if (headerValues != null) {
            for (String v : headerValues) {
                addSplit(out, v);
            }
        }
        return List.copyOf(out);
    }

    /** Parses one header value; null gives an empty list. */
    public static List<String> parse(String headerValue) {
        Set<String> out = new LinkedHashSet<>();
        addSplit(out, headerValue);
        return List.copyOf(out);
    }

    /** {@code base} followed by the names of {@code added} it lacks; each argument may itself hold comma lists. */
    public static List<String> merge(Collection<String> base, Collection<String> added) {
        List<String> all = new ArrayList<>();
        if (base != null) {
            all.addAll(base);
        }
        if (added != null) {
            all.addAll(added);
        }
        return parse(all);
    }

    /** {@code betas} without {@code removed} (after splitting and trimming both). */
    public static List<String> remove(Collection<String> betas, Collection<String> removed) {
        List<String> out = new ArrayList<>(parse(betas));
        out.removeAll(parse(removed));
        return List.copyOf(out);
    }

    /**
     * The header value: names deduplicated and joined with {@code ", "}; an empty string when there are
     * none (callers omit the header then).
     */
    public static String join(Collection<String> betas) {
        return String.join(", ", parse(betas));
    }

    private static void addSplit(Set<String> out, String value) {
        if (value == null) {
            return;
        }
        for (String part : value.split(",")) {
            String name = part.trim();
            if (!name.isEmpty()) {
                out.add(name);
            }
        }
    }
}
