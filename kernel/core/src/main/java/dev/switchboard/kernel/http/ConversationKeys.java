package dev.switchboard.kernel.http;

import dev.switchboard.spi.HttpHeaders;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatRequest;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Derives the conversation-affinity key of a request from what each coding agent sends to tie the turns of one
 * conversation together, most specific first:
 * <ol>
 *   <li>a session header: Claude Code's {@code x-claude-code-session-id}, Codex CLI's {@code session-id} (older
 *       versions {@code session_id}), opencode's {@code x-session-affinity};</li>
 *   <li>a session in the body: the one inside Claude Code's {@code metadata.user_id} (a JSON string
 *       {@code {"session_id":…}} or the older {@code user_…_session_<uuid>} form), Codex's
 *       {@code client_metadata.session_id};</li>
 *   <li>the OpenAI {@code prompt_cache_key} (Responses and chat), which clients set per conversation precisely so
 *       that one cache keeps serving it;</li>
 *   <li>else the OpenAI {@code user} (already hashed by the reader), which spans all of a user's conversations.</li>
 * </ol>
 * Values are client-chosen: they are trimmed, and one longer than {@value #MAX_PLAIN} characters is replaced by its
 * SHA-256 so the affinity table's memory stays bounded. Stateless.
 */
public final class ConversationKeys {
    /** Longest value kept as it is in a key. */
    static final int MAX_PLAIN = 128;
    private static final Pattern LEGACY_SESSION = Pattern.compile("_session_([0-9a-fA-F-]{8,})$");
    private static final List<String> SESSION_HEADERS = List.of("x-claude-code-session-id", "session-id", "session_id",
            "x-session-affinity");

    private ConversationKeys() {
    }

    /**
     * The key for a request, or null when the client identifies no conversation.
     *
     * @param headers the client's headers
     * @param body    the client's raw JSON body
     * @param request the canonical request its dialect read
     */
    public static String of(HttpHeaders headers, JsonObject body, ChatRequest request) {
        for (String name : SESSION_HEADERS) {
            String header = headers.get(name);
            if (header != null && !header.isBlank()) {
                return "session:" + bounded(header);
            }
        }
        String session = sessionFromUserId(request.userId());
        if (session == null) {
            session = nonBlank(Jsons.str(Jsons.obj(body, "client_metadata"), "session_id"));
        }
        if (session != null) {
            return "session:" + bounded(session);
        }
        String cacheKey = nonBlank(Jsons.str(body, "prompt_cache_key"));
        if (cacheKey != null) {
            return "cache:" + bounded(cacheKey);
        }
        return request.userId() == null || request.userId().isBlank() ? null : "user:" + request.userId();
    }

    /** The session id inside a Claude Code {@code metadata.user_id}, or null. */
    public static String sessionFromUserId(String userId) {
        if (userId == null || userId.isBlank()) {
            return null;
        }
        String s = userId.trim();
        if (s.startsWith("{")) {
            return Jsons.tryParseObject(s).map(o -> Jsons.str(o, "session_id")).filter(v -> !v.isBlank()).orElse(null);
        }
        Matcher m = LEGACY_SESSION.matcher(s);
        return m.find() ? m.group(1) : null;
    }

    private static String nonBlank(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String bounded(String value) {
        String v = value.trim();
        if (v.length() <= MAX_PLAIN) {
            return v;
        }
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(v.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}
