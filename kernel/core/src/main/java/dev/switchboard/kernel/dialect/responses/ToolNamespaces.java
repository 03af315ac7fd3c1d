package dev.switchboard.kernel.dialect.responses;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Responses {@code namespace} tools of one request (a named group of function tools, e.g. Codex's
 * {@code multi_agent_v1}) as flat function names every upstream accepts, and back. A tool {@code spawn_agent} in
 * namespace {@code multi_agent_v1} becomes {@code multi_agent_v1__spawn_agent}; a name that would be longer than 64
 * characters, hold characters outside {@code [a-zA-Z0-9_-]} or collide with a top-level function becomes its
 * first 55 safe characters, {@code _} and 8 hex digits of a SHA-256. The client gets its own names back: a
 * {@code function_call} for a flat name is written with {@code name} and {@code namespace}. Built by the request
 * reader (not thread-safe while it is), then read-only and safe to share.
 */
public final class ToolNamespaces {
    /** A request without namespaces. */
    public static final ToolNamespaces NONE = new ToolNamespaces();

    private static final Pattern SAFE = Pattern.compile("^[a-zA-Z0-9_-]{1,64}$");
    private static final String SEPARATOR = "__";

    /** A tool as the client declared it. */
    public record Entry(String namespace, String name) {
    }

    private final Map<String, Entry> byFlat = new HashMap<>();
    private final Map<Entry, String> flatOf = new HashMap<>();
    private final Set<String> topLevel = new HashSet<>();

    ToolNamespaces() {
    }

    /** Registers a top-level function name, which a flat name must never take. */
    void reserve(String name) {
        topLevel.add(name);
    }

    /** The flat name of a namespaced tool, the same every time it is asked for. */
    String flatten(String namespace, String name) {
        Entry e = new Entry(namespace, name);
        String known = flatOf.get(e);
        if (known != null) {
            return known;
        }
        String flat = namespace + SEPARATOR + name;
        if (!SAFE.matcher(flat).matches() || topLevel.contains(flat) || byFlat.containsKey(flat)) {
            flat = hashed(flat);
        }
        byFlat.put(flat, e);
        flatOf.put(e, flat);
        return flat;
    }

    /** The client's namespace and name for a flat name, or null for a name that was not namespaced. */
    public Entry original(String flatName) {
        return flatName == null ? null : byFlat.get(flatName);
    }

    public boolean isEmpty() {
        return byFlat.isEmpty();
    }

    private static String hashed(String flat) {
        String safe = flat.replaceAll("[^a-zA-Z0-9_-]", "_");
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(flat.getBytes(StandardCharsets.UTF_8));
            return safe.substring(0, Math.min(55, safe.length())) + "_" + HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}
