package dev.switchboard.plugin.anthropic;

import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.PluginConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An instance's models: {@code models} lists the upstream's model ids, {@code model-map} maps client model names
 * (globs allowed: {@code *} any run, {@code ?} one character) to upstream ids, so {@code claude-*} can become
 * {@code deepseek-chat} on a compatible endpoint. An exact key wins over globs, a more specific glob (more literal
 * characters) over a looser one, then file order. An instance with neither table serves every name as it is
 * (Anthropic's own API takes every {@code claude-*} id). Immutable and thread-safe.
 */
final class ModelTable {
    static final String MODELS = "models";
    static final String MODEL_MAP = "model-map";

    private final List<String> models;
    private final Map<String, String> exact;
    private final List<Glob> globs;

    private record Glob(Pattern pattern, int literals, String target) {
    }

    private ModelTable(List<String> models, Map<String, String> exact, List<Glob> globs) {
        this.models = models;
        this.exact = exact;
        this.globs = globs;
    }

    static ModelTable read(PluginConfig c) throws ConfigException {
        List<String> models = new ArrayList<>();
        for (String m : c.strings(MODELS)) {
            if (m.isBlank() || isGlob(m)) {
                throw c.problem(MODELS, "lists concrete model ids; '" + m + "' is not one (globs belong in "
                        + MODEL_MAP + ")");
            }
            models.add(m.strip());
        }
        Map<String, String> exact = new LinkedHashMap<>();
        List<Glob> globs = new ArrayList<>();
        for (Map.Entry<String, String> e : c.stringMap(MODEL_MAP).entrySet()) {
            String from = e.getKey().strip();
            String to = e.getValue().strip();
            if (to.isEmpty() || isGlob(to)) {
                throw c.problem(MODEL_MAP + "." + from, "must name one upstream model, got '" + e.getValue() + "'");
            }
            if (isGlob(from)) {
                globs.add(new Glob(globPattern(from), from.replaceAll("[*?]", "").length(), to));
            } else {
                exact.put(from, to);
            }
        }
        globs.sort((a, b) -> Integer.compare(b.literals(), a.literals()));
        return new ModelTable(List.copyOf(models), exact, List.copyOf(globs));
    }

    /** What {@code /v1/models} lists for the instance: its models, then the exact client names of the map. */
    List<String> listed() {
        Set<String> out = new LinkedHashSet<>(models);
        out.addAll(exact.keySet());
        return List.copyOf(out);
    }

    /** The upstream model for a client model, or empty when this instance does not serve it. */
    Optional<String> resolve(String clientModel) {
        String direct = exact.get(clientModel);
        if (direct != null) {
            return Optional.of(direct);
        }
        for (Glob g : globs) {
            if (g.pattern().matcher(clientModel).matches()) {
                return Optional.of(g.target());
            }
        }
        if (models.contains(clientModel) || (models.isEmpty() && exact.isEmpty() && globs.isEmpty())) {
            return Optional.of(clientModel);
        }
        return Optional.empty();
    }

    /** The first model a completion probe can ask for, or null. */
    String firstUpstreamModel() {
        if (!models.isEmpty()) {
            return models.get(0);
        }
        return exact.values().stream().findFirst().orElse(globs.isEmpty() ? null : globs.get(0).target());
    }

    static boolean isGlob(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0;
    }

    /** A glob as a regular expression: literal runs quoted, {@code *} and {@code ?} as wildcards. */
    static Pattern globPattern(String glob) {
        StringBuilder re = new StringBuilder();
        for (String part : glob.split("(?<=[*?])|(?=[*?])")) {
            re.append(switch (part) {
                case "*" -> ".*";
                case "?" -> ".";
                default -> Pattern.quote(part);
            });
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }
}
