package dev.switchboard.spi;

import dev.switchboard.spi.model.Tool;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an upstream does with hosted tools — tools a client declares for the provider to run ({@code web_search},
 * {@code file_search}, {@code code_interpreter}, {@code image_generation}, Anthropic's {@code web_search_20250305},
 * …; in the canonical model a {@link Tool} whose {@link Tool#isFunction()} is false). Each tool type is
 * <b>passed</b> (the upstream runs it), <b>mapped</b> to the upstream's equivalent server tool, or <b>left out</b>;
 * the kernel applies the policy before {@link Provider#prepare} and tells the client in a response header what was
 * left out, so a client that offers a tool the upstream lacks is served instead of refused. Types are matched
 * exactly or by a prefix ending in {@code _} (Anthropic versions its tool types by date). Immutable.
 *
 * @param passed types (or {@code prefix_} entries) the upstream runs as they are
 * @param mapped type (or {@code prefix_}) → the tool to send instead (name, type and definition fields)
 */
public record HostedToolPolicy(List<String> passed, Map<String, Tool> mapped) {
    /** Leaves every hosted tool out: the default for upstreams that run none. */
    public static final HostedToolPolicy NONE = new HostedToolPolicy(List.of(), Map.of());

    public HostedToolPolicy {
        passed = List.copyOf(passed);
        mapped = Map.copyOf(mapped);
    }

    /** A hosted tool with no fields besides its name and type. */
    public static Tool hosted(String name, String type) {
        return new Tool(name, null, JsonValue.EMPTY_JSON_OBJECT, null, false, type, Map.of());
    }

    /**
     * The tool to send upstream for a hosted tool, or null to leave it out: an exact mapping first (OpenAI's
     * {@code web_search_preview} must not pass as an Anthropic {@code web_search_*} type), then a passed type, then
     * a mapping by prefix. A web search the client restricted to cached results ({@code external_web_access:false})
     * is never mapped to another provider's live search.
     */
    public Tool apply(Tool tool) {
        String type = Objects.requireNonNull(tool.type(), "type");
        if (passed.stream().anyMatch(p -> p.equals(type))) {
            return tool;
        }
        Tool mappedTo = mapped.get(type);
        if (mappedTo == null && passed.stream().anyMatch(p -> matches(p, type))) {
            return tool;
        }
        if (mappedTo == null) {
            mappedTo = mapped.entrySet().stream().filter(e -> e.getKey().endsWith("_") && matches(e.getKey(), type))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }
        if (mappedTo != null && tool.extensions().get("external_web_access") == JsonValue.FALSE) {
            return null;
        }
        return mappedTo;
    }

    private static boolean matches(String pattern, String type) {
        return pattern.endsWith("_") ? type.startsWith(pattern) && type.length() > pattern.length()
                : pattern.equals(type);
    }
}
