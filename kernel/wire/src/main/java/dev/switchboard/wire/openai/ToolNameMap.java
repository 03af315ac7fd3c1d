package dev.switchboard.wire.openai;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reversible aliases for tool names OpenAI-style upstreams would reject: longer than 64 characters, or
 * with characters outside {@code [A-Za-z0-9_-]} (MCP tool names can be long). An alias is the first 55
 * characters (others replaced by {@code _}) + {@code "_"} + the first 8 hex digits of the SHA-256 of the
 * original name, so it is deterministic across retries and turns. The request writer builds the map; the
 * decoder restores the original names in responses. Immutable and thread-safe.
 */
public final class ToolNameMap {
    /** The longest tool name OpenAI accepts. */
    public static final int MAX_LENGTH = 64;
    private static final int PREFIX = 55;

    /** A map with no aliases: every name is its own. */
    public static final ToolNameMap EMPTY = new ToolNameMap(Map.of());

    private final Map<String, String> originalByAlias;

    private ToolNameMap(Map<String, String> originalByAlias) {
        this.originalByAlias = Collections.unmodifiableMap(originalByAlias);
    }

    /** Builds the aliases of {@code names} (names that need none are not recorded). */
    public static ToolNameMap of(Collection<String> names) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String n : names) {
            String a = aliasFor(n);
            if (!a.equals(n)) {
                map.put(a, n);
            }
        }
        return map.isEmpty() ? EMPTY : new ToolNameMap(map);
    }

    /** The name to send upstream: the name itself when acceptable, else its deterministic alias. */
    public static String aliasFor(String name) {
        if (name.length() <= MAX_LENGTH && isAcceptable(name)) {
            return name;
        }
        StringBuilder sb = new StringBuilder(MAX_LENGTH);
        for (int i = 0; i < name.length() && sb.length() < PREFIX; i++) {
            char c = name.charAt(i);
            sb.append(isAcceptable(c) ? c : '_');
        }
        return sb.append('_').append(StableHash.sha256Hex(name), 0, 8).toString();
    }

    /** The original name for an upstream name (unknown names are returned unchanged). */
    public String restore(String upstreamName) {
        return upstreamName == null ? null : originalByAlias.getOrDefault(upstreamName, upstreamName);
    }

    /** The alias → original entries (for logs and tests). */
    public Map<String, String> aliases() {
        return new HashMap<>(originalByAlias);
    }

    public boolean isEmpty() {
        return originalByAlias.isEmpty();
    }

    private static boolean isAcceptable(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isAcceptable(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAcceptable(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '-');
    }

    @Override
    public String toString() {
        return "ToolNameMap" + originalByAlias;
    }
}
