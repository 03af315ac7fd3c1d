package dev.switchboard.plugin.kiro.convert;

import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.MediaSource;
import dev.switchboard.spi.model.Message;
import dev.switchboard.spi.model.Role;
import jakarta.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code conversationId}: the session UUID inside {@code metadata.user_id} (Claude Code sends JSON with
 * {@code session_id}, older clients {@code …_session_<uuid>}), else a name-based UUID (version 5) derived from the
 * request itself.
 *
 * <p>Why derived and not random: Kiro keys its conversation cache on this id, and a client that sends no session
 * repeats the whole history on every turn. Deriving the id from what stays fixed during one conversation (the Kiro
 * model id, the client's system text and the first user message) gives every turn of it the same id, and a request
 * retried on another account after a failure carries the same id as the first attempt. Only text and media data
 * feed it: cache-control marks move between turns (clients put them on the latest message), and the gateway's own
 * system prompt and thinking tags are configuration, not the conversation. Two different conversations that open
 * with the same system text and the same first message share an id; that is the price of having no session.
 * Stateless.
 */
public final class ConversationIds {
    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern SESSION_SUFFIX = Pattern.compile("session_(" + UUID_TEXT.pattern() + ")");
    /** The name space of derived ids, so they never collide with name-based UUIDs of another purpose. */
    private static final UUID NAMESPACE = UUID.fromString("4b1e5c0a-6f0e-5d3c-9a57-2c1d0b6e8f14");
    /** Separates the fields that feed the derived id, so "ab"+"c" and "a"+"bc" differ. */
    private static final char SEPARATOR = '\u0000';

    private ConversationIds() {
    }

    /** The conversation id for a request to this Kiro model id: the client's session, else one derived from it. */
    public static String of(ChatRequest request, String modelId) {
        return fromUserId(request.userId()).orElseGet(() -> derived(request, modelId));
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

    /** The version 5 UUID of model id, system text and first user message (see the class comment). */
    static String derived(ChatRequest request, String modelId) {
        StringBuilder name = new StringBuilder()
                .append(modelId).append(SEPARATOR)
                .append(request.systemText()).append(SEPARATOR);
        request.messages().stream().filter(m -> m.role() == Role.USER).findFirst()
                .ifPresent(first -> appendContent(name, first));
        return nameBased(name.toString()).toString();
    }

    private static void appendContent(StringBuilder name, Message message) {
        for (ContentBlock b : message.content()) {
            switch (b) {
                case ContentBlock.Text t -> name.append("text").append(SEPARATOR).append(t.text());
                case ContentBlock.Image i -> appendMedia(name.append("image").append(SEPARATOR), i.source());
                case ContentBlock.Document d -> appendMedia(name.append("document").append(SEPARATOR), d.source());
                default -> name.append(b.getClass().getSimpleName());
            }
            name.append(SEPARATOR);
        }
    }

    private static void appendMedia(StringBuilder name, MediaSource s) {
        name.append(s.mediaType()).append(SEPARATOR).append(s.data()).append(SEPARATOR).append(s.url());
    }

    /** RFC 9562 version 5: SHA-1 of name space and name, version and variant bits set. */
    private static UUID nameBased(String name) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-1", e);
        }
        sha1.update(ByteBuffer.allocate(16).putLong(NAMESPACE.getMostSignificantBits())
                .putLong(NAMESPACE.getLeastSignificantBits()).array());
        byte[] h = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        h[6] = (byte) ((h[6] & 0x0f) | 0x50);
        h[8] = (byte) ((h[8] & 0x3f) | 0x80);
        ByteBuffer bb = ByteBuffer.wrap(h, 0, 16);
        return new UUID(bb.getLong(), bb.getLong());
    }
}
