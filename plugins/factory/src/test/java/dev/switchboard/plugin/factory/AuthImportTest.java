package dev.switchboard.plugin.factory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.plugin.factory.fake.FakeFactory;
import dev.switchboard.spi.Account;
import dev.switchboard.spi.AccountFlow;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.FlowState;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.spi.model.Message;
import dev.switchboard.spi.stream.StreamEvent;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The import flow for the credential files of the Factory CLI and of droid2api's key-pool fork. */
class AuthImportTest {
    final FakeFactory fake = new FakeFactory();
    Plugin plugin;
    AccountFlow flow;

    @BeforeEach
    void start() throws Exception {
        plugin = Plugin.of(fake);
        flow = plugin.provider.flows().stream().filter(f -> f.name().equals("import")).findFirst().orElseThrow();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private Account imported(String name) {
        return plugin.ctx.credentials().find(name).orElseThrow();
    }

    @Test
    void legacyCliAuthJson() throws Exception {
        Instant exp = Instant.parse("2026-12-01T00:00:00Z");
        String access = fake.jwt(exp);
        FlowState s = flow.start(Json.createObjectBuilder().add("name", "alice").add("auth", Json.createObjectBuilder()
                .add("access_token", access).add("refresh_token", "rt_legacy").add("last_updated", "x")).build());
        assertEquals("completed", s.status());
        assertEquals("alice", s.details().getString("account"));
        assertEquals("refresh-token", s.details().getString("kind"));
        assertFalse(s.details().toString().contains("rt_legacy") || s.details().toString().contains(access),
                "no secrets in flow details");
        Account a = imported("alice");
        assertEquals("rt_legacy", a.credential("refresh-token"));
        assertEquals(access, a.credential("access-token"));
        assertEquals(exp.toString(), a.credential("expires-at"));
        assertEquals(s, flow.status(s.id()));
        flow.cancel(s.id());
        assertEquals(ErrorKind.NOT_FOUND, assertThrows(GatewayException.class, () -> flow.status(s.id())).kind());
    }

    @Test
    void keyPoolForkAuthJsonAsText() throws Exception {
        long ms = Instant.parse("2026-12-02T00:00:00Z").toEpochMilli();
        flow.start(Jsons.parseObject("{\"name\":\"pool\",\"auth-json\":" + Jsons.quote("{\"api_key\":\"opaque-token\","
                + "\"refresh_token\":\"rt_pool\",\"expires_at\":" + ms + ",\"last_refresh\":" + (ms - 1000) + "}") + "}"));
        Account a = imported("pool");
        assertEquals("opaque-token", a.credential("access-token"), "the fork keeps its access token in api_key");
        assertEquals("2026-12-02T00:00:00Z", a.credential("expires-at"), "from expires_at in milliseconds");
        assertTrue(plugin.provider.credentialRefresher().orElseThrow().canRefresh(a));

        flow.start(Jsons.parseObject("{\"name\":\"static\",\"auth\":{\"api_key\":\"fk-static\"}}"));
        assertEquals("fk-static", imported("static").credential("api-key"));
        assertFalse(plugin.provider.credentialRefresher().orElseThrow().canRefresh(imported("static")));
    }

    /** Encrypts like the current CLI: base64(IV):base64(tag):base64(ciphertext), AES-256-GCM. */
    static String[] encryptV2(String plaintext) throws Exception {
        SecureRandom rnd = new SecureRandom();
        byte[] key = new byte[32];
        byte[] iv = new byte[12];
        rnd.nextBytes(key);
        rnd.nextBytes(iv);
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
        byte[] sealed = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
        byte[] ct = Arrays.copyOfRange(sealed, 0, sealed.length - 16);
        byte[] tag = Arrays.copyOfRange(sealed, sealed.length - 16, sealed.length);
        Base64.Encoder e = Base64.getEncoder();
        return new String[]{e.encodeToString(iv) + ":" + e.encodeToString(tag) + ":" + e.encodeToString(ct),
                e.encodeToString(key)};
    }

    @Test
    void encryptedV2FileDecryptsAndTheAccountWorks() throws Exception {
        fake.seedRefreshToken("rt_v2");
        String[] v2 = encryptV2("{\"access_token\":\"expired\",\"refresh_token\":\"rt_v2\",\"user\":{\"id\":\"u\"}}");
        flow.start(Json.createObjectBuilder().add("name", "v2").add("auth-v2-file", v2[0]).add("auth-v2-key", v2[1])
                .build());
        Account a = imported("v2");
        assertEquals("rt_v2", a.credential("refresh-token"));
        // What the kernel does before first use: refresh (persisted), then send.
        JsonObject fresh = plugin.provider.credentialRefresher().orElseThrow().refresh(a);
        Account refreshed = plugin.ctx.credentials().update(a, fresh);
        List<StreamEvent> events = plugin.harness.stream(ChatRequest.builder("claude-sonnet-4-5-20250929")
                .addMessage(Message.user("Hi")).build(), "claude-sonnet-4-5-20250929", refreshed, Plugin.chatClient());
        assertTrue(events.get(events.size() - 1) instanceof StreamEvent.MessageStop);

        String[] other = encryptV2("{}");
        GatewayException wrongKey = assertThrows(GatewayException.class, () -> flow.start(Json.createObjectBuilder()
                .add("name", "x").add("auth-v2-file", v2[0]).add("auth-v2-key", other[1]).build()));
        assertEquals(ErrorKind.INVALID_REQUEST, wrongKey.kind());
        assertFalse(wrongKey.getMessage().contains("rt_v2"));
    }

    @Test
    void filesThatCannotLastAreRefused() {
        assertEquals(ErrorKind.INVALID_REQUEST, assertThrows(GatewayException.class, () -> flow.start(
                Jsons.parseObject("{\"name\":\"a\",\"auth\":{\"access_token\":\"only\"}}"))).kind());
        assertEquals(ErrorKind.INVALID_REQUEST, assertThrows(GatewayException.class, () -> flow.start(
                Jsons.parseObject("{\"auth\":{\"refresh_token\":\"r\"}}"))).kind(), "a name is required");
        assertEquals(ErrorKind.INVALID_REQUEST, assertThrows(GatewayException.class, () -> flow.start(
                Jsons.parseObject("{\"name\":\"a\",\"auth-json\":\"not json\"}"))).kind());
        assertTrue(plugin.ctx.credentials().list().isEmpty());
    }
}
