package dev.switchboard.plugin.openaicompat.schema;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Resolves local {@code $ref} pointers ({@code #}, {@code #/$defs/X}, {@code #/definitions/X}, any JSON pointer
 * into the root schema). Remote references cannot be resolved offline and are reported as unresolvable.
 * Stateless.
 */
final class SchemaRefs {
    private SchemaRefs() {
    }

    /** The schema {@code ref} points at inside {@code root}, or null when it is remote or dangling. */
    static JsonObject resolve(JsonObject root, String ref) {
        if (ref == null || !ref.startsWith("#")) {
            return null;
        }
        String pointer = ref.substring(1);
        if (pointer.isEmpty() || pointer.equals("/")) {
            return root;
        }
        if (!pointer.startsWith("/")) {
            return null; // anchors ({@code #name}) are not supported
        }
        JsonValue cur = root;
        for (String raw : pointer.substring(1).split("/", -1)) {
            String token = URLDecoder.decode(raw, StandardCharsets.UTF_8).replace("~1", "/").replace("~0", "~");
            if (cur.getValueType() == JsonValue.ValueType.OBJECT) {
                cur = cur.asJsonObject().get(token);
            } else if (cur.getValueType() == JsonValue.ValueType.ARRAY) {
                try {
                    int i = Integer.parseInt(token);
                    cur = i >= 0 && i < cur.asJsonArray().size() ? cur.asJsonArray().get(i) : null;
                } catch (NumberFormatException e) {
                    return null;
                }
            } else {
                return null;
            }
            if (cur == null) {
                return null;
            }
        }
        return cur.getValueType() == JsonValue.ValueType.OBJECT ? cur.asJsonObject() : null;
    }
}
