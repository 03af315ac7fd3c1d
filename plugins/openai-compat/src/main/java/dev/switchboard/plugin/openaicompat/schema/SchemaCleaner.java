package dev.switchboard.plugin.openaicompat.schema;

import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The schema transform a provider instance hands to the shared {@code OpenAiChatRequestWriter}: cleans tool and
 * response schemas for the backend's {@link SchemaDialect}. Cleaning works on immutable
 * jakarta.json values, so the client's schema is never touched. Results are cached by the SHA-256 of the
 * schema's JSON text, because Claude Code resends the same dozen tools on every turn; the original of each newly
 * cleaned schema is logged at FINE.
 *
 * <p>Thread-safe: the cache is concurrent and each cleaning uses its own cleaner object.
 */
public final class SchemaCleaner implements UnaryOperator<JsonObject> {
    private static final Logger LOG = Logger.getLogger(SchemaCleaner.class.getName());
    /** Enough for many clients' tool sets; past it the cache starts over (cleaning is cheap, just not free). */
    static final int MAX_CACHED = 2048;

    private final SchemaDialect dialect;
    private final Map<String, JsonObject> cache = new ConcurrentHashMap<>();

    public SchemaCleaner(SchemaDialect dialect) {
        this.dialect = Objects.requireNonNull(dialect, "dialect");
    }

    public SchemaDialect dialect() {
        return dialect;
    }

    @Override
    public JsonObject apply(JsonObject schema) {
        if (dialect == SchemaDialect.NONE || schema == null) {
            return schema;
        }
        String text = schema.toString();
        String hash = sha256(text);
        JsonObject hit = cache.get(hash);
        if (hit != null) {
            return hit;
        }
        JsonObject cleaned;
        if (dialect == SchemaDialect.GEMINI) {
            GeminiSchemaCleaner c = new GeminiSchemaCleaner(schema);
            cleaned = c.clean();
            if (!c.dropped().isEmpty()) {
                LOG.log(Level.FINE, "gemini schema cleaning of {0} removed or rewrote {1}; original: {2}",
                        new Object[]{hash.substring(0, 12), c.dropped(), text});
            }
        } else {
            cleaned = OpenAiStrictSchemaCleaner.clean(schema);
            LOG.log(Level.FINE, "openai-strict schema cleaning of {0}; original: {1}",
                    new Object[]{hash.substring(0, 12), text});
        }
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(hash, cleaned);
        return cleaned;
    }

    /** Number of cached schemas (for tests). */
    int cachedCount() {
        return cache.size();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
