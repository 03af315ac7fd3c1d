package dev.switchboard.kernel.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.HttpHeaders;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.spi.model.Message;
import dev.switchboard.testkit.Fixtures;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Each coding agent's way of naming its conversation becomes the affinity key, most specific first. */
class ConversationKeysTest {
    private static ChatRequest request(String userId) {
        return ChatRequest.builder("m").addMessage(Message.user("hi")).userId(userId).build();
    }

    private static HttpHeaders headers(String... pairs) {
        HttpHeaders h = HttpHeaders.create();
        for (int i = 0; i < pairs.length; i += 2) {
            h.add(pairs[i], pairs[i + 1]);
        }
        return h;
    }

    @Test
    void codexCapturesAreKeyedByTheirSessionIdFromTheHeaderOrTheClientMetadata() {
        Fixtures.Capture say = Fixtures.capture("codex", "say-hi");
        String session = say.body().getJsonObject("client_metadata").getString("session_id");
        HttpHeaders h = headers("session-id", say.headers().get("session-id"));
        assertEquals("session:" + session, ConversationKeys.of(h, say.body(), request(null)));
        assertEquals("session:" + session, ConversationKeys.of(headers(), say.body(), request(null)),
                "without the header, client_metadata.session_id");
        assertEquals("session:abc", ConversationKeys.of(headers("session_id", "abc"), say.body(), request(null)),
                "the older header spelling");
    }

    @Test
    void promptCacheKeyComesBeforeTheUserAndAfterEverySession() {
        JsonObject body = Jsons.parseObject("{\"prompt_cache_key\":\"conv-7\"}");
        assertEquals("cache:conv-7", ConversationKeys.of(headers(), body, request("hashed-user")));
        assertEquals("user:hashed-user", ConversationKeys.of(headers(), JsonObject.EMPTY_JSON_OBJECT,
                request("hashed-user")));
        assertEquals("session:s1", ConversationKeys.of(headers("x-claude-code-session-id", "s1"), body,
                request("hashed-user")));
        assertNull(ConversationKeys.of(headers(), Jsons.parseObject("{\"prompt_cache_key\":\"  \"}"), request(null)));
    }

    @Test
    void claudeCodeAndOpencodeSessionsAreTaken() {
        Fixtures.Capture cc = Fixtures.claudeCode("say-hi");
        String header = cc.headers().get("x-claude-code-session-id");
        assertEquals("session:" + header, ConversationKeys.of(headers("x-claude-code-session-id", header), cc.body(),
                request(null)));
        String userId = "{\"device_id\":\"d\",\"account_uuid\":\"\",\"session_id\":\"5e55\"}";
        assertEquals("session:5e55", ConversationKeys.of(headers(), cc.body(), request(userId)));
        Fixtures.Capture oc = Fixtures.capture("opencode", "chat-say-hi");
        assertEquals("session:" + oc.headers().get("x-session-affinity"), ConversationKeys.of(
                headers("x-session-affinity", oc.headers().get("x-session-affinity")), oc.body(), request(null)));
    }

    @Test
    void aLongClientValueIsHashedSoTheAffinityTableStaysSmall() {
        String key = ConversationKeys.of(headers("session-id", "x".repeat(10_000)), JsonObject.EMPTY_JSON_OBJECT,
                request(null));
        assertTrue(key.startsWith("session:sha256:") && key.length() == "session:sha256:".length() + 64, key);
    }
}
