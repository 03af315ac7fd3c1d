package dev.switchboard.plugin.openaicompat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An instance's {@code model-map}: client model name → backend model, applied when a route target names no
 * model (a target's own model always wins). Keys may be globs ({@code *} any run of characters, {@code ?} one
 * character). An exact key wins over globs; among globs the most specific (most literal characters) wins, then file
 * order — so the answer does not depend on how the YAML reader orders a mapping. Immutable and thread-safe.
 */
public final class ModelMap {
    private final Map<String, String> exact = new LinkedHashMap<>();
    private final List<GlobEntry> globs = new ArrayList<>();

    private record GlobEntry(String glob, Pattern pattern, int literalChars, String target) {
    }

    /** @param entries client model (or glob) → backend model, in file order */
    public ModelMap(Map<String, String> entries) {
        for (Map.Entry<String, String> e : entries.entrySet()) {
            String key = e.getKey().trim();
            if (isGlob(key)) {
                globs.add(new GlobEntry(key, compile(key), key.replace("*", "").replace("?", "").length(),
                        e.getValue().trim()));
            } else {
                exact.put(key, e.getValue().trim());
            }
        }
        // Stable sort: equally specific globs keep file order.
        globs.sort((a, b) -> Integer.compare(b.literalChars, a.literalChars));
    }

    /** The backend model for a client model, if the map has one. */
    public Optional<String> map(String clientModel) {
        String direct = exact.get(clientModel);
        if (direct != null) {
            return Optional.of(direct);
        }
        for (GlobEntry g : globs) {
            if (g.pattern.matcher(clientModel).matches()) {
                return Optional.of(g.target);
            }
        }
        return Optional.empty();
    }

    /** The exact (non-glob) client names, which {@code /v1/models} may list. */
    public List<String> literalNames() {
        return List.copyOf(exact.keySet());
    }

    public boolean isEmpty() {
        return exact.isEmpty() && globs.isEmpty();
    }

    static boolean isGlob(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0;
    }

    private static Pattern compile(String glob) {
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                if (!literal.isEmpty()) {
                    re.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                re.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            re.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    @Override
    public String toString() {
        return "ModelMap" + exact + globs.stream().map(g -> g.glob + "=" + g.target).toList();
    }
}
