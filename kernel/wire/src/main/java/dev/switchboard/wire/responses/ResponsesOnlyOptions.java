package dev.switchboard.wire.responses;

import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatRequest;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The options of a Responses client's request that only a Responses upstream understands, and the one place that
 * says what happens to them when the gateway converts the request instead of relaying the client's body:
 * <ul>
 * <li>{@code reasoning.summary} ({@code auto}, {@code concise}, {@code detailed}) and {@code text.verbosity}
 *     ({@code low}, {@code medium}, {@code high}): sent to a Responses upstream as the client asked;</li>
 * <li>{@code include}: sent to a Responses upstream, joined with what the gateway asks for itself
 *     ({@code reasoning.encrypted_content} when it replays reasoning);</li>
 * <li>{@code prompt_cache_key}: sent to a Responses upstream, which uses it to route to a warm prompt cache (the
 *     gateway also uses it for conversation affinity and, hashed, as the user id);</li>
 * <li>{@code store}: always {@code false} upstream, whatever the client sent — the gateway keeps no response, so
 *     nothing may refer to a stored one;</li>
 * <li>{@code client_metadata} (Codex's installation, session and turn ids): not sent on conversion; it reaches the
 *     upstream only when the client's whole body is relayed to a Responses upstream.</li>
 * </ul>
 * Every other upstream family (Anthropic Messages, Chat Completions, Kiro) has no such fields, so their writers
 * drop all of them. The request reader keeps them in {@link ChatRequest#extensions()} under their own names
 * ({@code reasoning} and {@code text} hold only the sub-fields the canonical model does not interpret); only
 * extension keys no other client dialect uses are read back here. Stateless.
 */
public final class ResponsesOnlyOptions {
    static final String REASONING = "reasoning";
    static final String TEXT = "text";
    static final String INCLUDE = "include";
    static final String PROMPT_CACHE_KEY = "prompt_cache_key";
    private static final String ENCRYPTED_REASONING = "reasoning.encrypted_content";

    private static final Set<String> SUMMARIES = Set.of("auto", "concise", "detailed");
    private static final Set<String> VERBOSITIES = Set.of("low", "medium", "high");

    private ResponsesOnlyOptions() {
    }

    /**
     * Hands a Responses client's options to {@code extension}: {@code reasoning} without {@code effort},
     * {@code text} without {@code format}, {@code include} and {@code prompt_cache_key} as they are.
     */
    public static void keep(JsonObject body, BiConsumer<String, JsonValue> extension) {
        keepRemainder(body, REASONING, "effort", extension);
        keepRemainder(body, TEXT, "format", extension);
        for (String key : new String[]{INCLUDE, PROMPT_CACHE_KEY}) {
            JsonValue v = body.get(key);
            if (v != null && v.getValueType() != JsonValue.ValueType.NULL) {
                extension.accept(key, v);
            }
        }
    }

    private static void keepRemainder(JsonObject body, String key, String interpreted,
                                      BiConsumer<String, JsonValue> extension) {
        JsonObject o = Jsons.obj(body, key);
        if (o == null) {
            return;
        }
        JsonObjectBuilder rest = Jsons.objectBuilder(o).remove(interpreted);
        JsonObject built = rest.build();
        if (!built.isEmpty()) {
            extension.accept(key, built);
        }
    }

    /** The summary the client asked for, or null for none (or one the API does not know). */
    static String summary(ChatRequest r) {
        return known(Jsons.str(remainder(r, REASONING), "summary"), SUMMARIES);
    }

    /** The verbosity the client asked for, or null. */
    static String verbosity(ChatRequest r) {
        return known(Jsons.str(remainder(r, TEXT), "verbosity"), VERBOSITIES);
    }

    /**
     * The client's {@code include} entries plus the gateway's own, in order, each once; null when none. Encrypted
     * reasoning is asked for only when the request reasons: a model that does not reason refuses it.
     *
     * @param reasoning   the upstream request has a {@code reasoning} object
     * @param gatewayWants the plugin asks for encrypted reasoning itself
     */
    static JsonArray include(ChatRequest r, boolean reasoning, boolean gatewayWants) {
        Set<String> entries = new LinkedHashSet<>();
        if (r.extensions().get(INCLUDE) instanceof JsonArray a) {
            a.forEach(v -> {
                if (v instanceof JsonString s && (reasoning || !s.getString().equals(ENCRYPTED_REASONING))) {
                    entries.add(s.getString());
                }
            });
        }
        if (reasoning && gatewayWants) {
            entries.add(ENCRYPTED_REASONING);
        }
        if (entries.isEmpty()) {
            return null;
        }
        JsonArrayBuilder b = Jsons.arrayBuilder();
        entries.forEach(b::add);
        return b.build();
    }

    /** The client's prompt cache key, or null. */
    static String promptCacheKey(ChatRequest r) {
        return r.extensions().get(PROMPT_CACHE_KEY) instanceof JsonString s && !s.getString().isEmpty()
                ? s.getString() : null;
    }

    private static JsonObject remainder(ChatRequest r, String key) {
        Map<String, JsonValue> ext = r.extensions();
        return ext.get(key) instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
    }

    private static String known(String v, Set<String> allowed) {
        return v != null && allowed.contains(v) ? v : null;
    }
}
