package dev.switchboard.kernel.http;

import dev.switchboard.spi.HttpHeaders;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatRequest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Derives the conversation-affinity key of a request: Claude Code's {@code x-claude-code-session-id}, else
 * the session inside {@code metadata.user_id} (a JSON string {@code {"session_id":…}} or the older
 * {@code user_…_session_<uuid>} form), else the OpenAI {@code user} (already hashed by the reader).
 * Stateless.
 */
public final class ConversationKeys {
    private static final Pattern LEGACY_SESSION = Pattern.compile("_session_([0-9a-fA-F-]{8,})$");

    private ConversationKeys() {
    }

    public static String of(HttpHeaders headers, ChatRequest request) {
        String header = headers.get("x-claude-code-session-id");
        if (header != null && !header.isBlank()) {
            return "session:" + header.trim();
        }
        String session = sessionFromUserId(request.userId());
        if (session != null) {
            return "session:" + session;
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
}
