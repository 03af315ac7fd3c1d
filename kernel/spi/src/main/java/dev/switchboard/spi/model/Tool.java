package dev.switchboard.spi.model;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Map;
import java.util.Objects;

/**
 * A tool the model may call.
 *
 * @param name         tool name as the client declared it
 * @param description  may be null
 * @param inputSchema  JSON schema of the input; never null ({@code {"type":"object","properties":{}}} by default)
 * @param cacheControl cache marker or null
 * @param deferLoading Anthropic's {@code defer_loading}: declared but not loaded; non-Anthropic upstreams drop it
 * @param type         null for a client function tool; else a server/hosted tool type (e.g. {@code web_search_20250305}),
 *                     whose full definition is kept in {@code extensions}
 * @param extensions   any other fields of the tool definition, verbatim
 */
public record Tool(String name, String description, JsonObject inputSchema, CacheControl cacheControl,
                   boolean deferLoading, String type, Map<String, JsonValue> extensions) {
    public Tool {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(inputSchema, "inputSchema");
        extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
    }

    public Tool(String name, String description, JsonObject inputSchema) {
        this(name, description, inputSchema, null, false, null, Map.of());
    }

    /** True for an ordinary client-defined function tool. */
    public boolean isFunction() {
        return type == null || "custom".equals(type) || "function".equals(type);
    }
}
