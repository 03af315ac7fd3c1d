package dev.switchboard.plugin.kiro.convert;

import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonObject;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code conversationId}: the session UUID inside {@code metadata.user_id} (Claude Code sends JSON with
 * {@code session_id}, older clients {@code …_session_<uuid>}), else a new UUID v4. Stateless.
 */
public final class ConversationIds {
    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern SESSION_SUFFIX = Pattern.compile("session_(" + UUID_TEXT.pattern() + ")");

    private ConversationIds() {
    }

    /** The conversation id for a request with this {@code metadata.user_id} (may be null). */
    public static String of(String userId) {
        return fromUserId(userId).orElseGet(() -> UUID.randomUUID().toString());
    }

    /** The session UUID in a user id, if there is one. */
    public static Optional<String> fromUserId(String userId) {
        if (userId == null || userId.isBlank()) {
            return Optional.empty();
        }
        String trimmed = userId.trim();
        if (trimmed.startsWith("{")) {
            JsonObject o = Jsons.tryParseObject(trimmed).orElse(null);
            String session = o == null ? null : Jsons.str(o, "session_id");
            if (session != null && UUID_TEXT.matcher(session).matches()) {
                return Optional.of(session.toLowerCase(Locale.ROOT));
            }
            return Optional.empty();
        }
        Matcher m = SESSION_SUFFIX.matcher(trimmed);
        return m.find() ? Optional.of(m.group(1).toLowerCase(Locale.ROOT)) : Optional.empty();
    }
}
