package dev.switchboard.plugin.factory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.plugin.factory.fake.FakeFactory;
import dev.switchboard.spi.Account;
import dev.switchboard.spi.AccountState;
import dev.switchboard.spi.ClientRequest;
import dev.switchboard.spi.Dialect;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.HttpHeaders;
import dev.switchboard.spi.UpstreamCall;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.spi.model.Message;
import dev.switchboard.testkit.FakeUpstream.Recorded;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The CLI headers per family, and the credential priority. */
class HeadersAndCredentialsTest {
    final FakeFactory fake = new FakeFactory();

    @AfterEach
    void stop() {
        fake.close();
    }

    static ChatRequest ask(String model, boolean stream) {
        return ChatRequest.builder(model).addMessage(Message.user("Hi")).maxTokens(64).stream(stream).build();
    }

    /** Client headers as the kernel hands them over (its own credential already removed). */
    static HttpHeaders clientHeaders() {
        return HttpHeaders.create().set("user-agent", "claude-cli/2.1.330").set("x-stainless-os", "Linux")
                .set("x-stainless-package-version", "0.137.0").set("x-claude-code-session-id", "cc-1")
                .set("anthropic-version", "2026-10-21").set("x-session-id", "sess-7").set("x-app", "cli")
                .set("cookie", "c=1");
    }

    private HttpHeaders sent(Plugin p, String model, boolean stream) throws GatewayException {
        ClientRequest client = Plugin.client(Dialect.OPENAI_CHAT, "/v1/chat/completions", clientHeaders(),
                JsonValue.EMPTY_JSON_OBJECT);
        return p.provider.prepare(ask(model, stream), model, Plugin.key("fk-acct"), client).request().headers();
    }

    @Test
    void anthropicFamilyHeaders() throws Exception {
        HttpHeaders h = sent(Plugin.of(fake), "claude-sonnet-4-5-20250929", true);
        assertEquals("Bearer fk-acct", h.get("authorization"));
        assertEquals("application/json", h.get("content-type"));
        assertEquals("application/json", h.get("accept"));
        assertEquals("placeholder", h.get("x-api-key"));
        assertEquals("2026-10-21", h.get("anthropic-version"), "the client's version");
        assertEquals("anthropic", h.get("x-api-provider"));
        assertEquals("cli", h.get("x-factory-client"));
        assertEquals("sess-7", h.get("x-session-id"), "the client's session id");
        UUID.fromString(h.get("x-assistant-message-id")); // a new UUID when the client sends none
        assertEquals("factory-cli/0.85.0", h.get("user-agent"), "never the client's user agent");
        assertEquals("Linux", h.get("x-stainless-os"), "client's x-stainless-* win");
        assertEquals("0.137.0", h.get("x-stainless-package-version"));
        assertEquals("x64", h.get("x-stainless-arch"));
        assertEquals("js", h.get("x-stainless-lang"));
        assertEquals("node", h.get("x-stainless-runtime"));
        assertEquals("0", h.get("x-stainless-retry-count"));
        assertEquals("v24.3.0", h.get("x-stainless-runtime-version"));
        assertEquals("600", h.get("x-stainless-timeout"));
        assertEquals("stream", h.get("x-stainless-helper-method"));
        for (String never : new String[]{"x-claude-code-session-id", "x-app", "cookie", "x-factory-api-key"}) {
            assertNull(h.get(never), never + " is not forwarded");
        }
        assertNull(sent(Plugin.of(fake), "claude-sonnet-4-5-20250929", false).get("x-stainless-helper-method"),
                "the helper header only when streaming");
        assertNull(h.get("anthropic-beta"), "an empty beta list omits the header");
    }

    @Test
    void openaiCommonAndGoogleHeaders() throws Exception {
        Plugin p = Plugin.of(fake);
        HttpHeaders o = sent(p, "gpt-5.2", true);
        assertNull(o.get("accept"), "no accept on the Responses family");
        assertNull(o.get("x-api-key"));
        assertNull(o.get("anthropic-version"));
        assertNull(o.get("x-stainless-timeout"));
        assertEquals("openai", o.get("x-api-provider"));
        HttpHeaders fresh = p.provider.prepare(ask("gpt-5.2", true), "gpt-5.2", Plugin.key("fk-a"), Plugin.chatClient())
                .request().headers();
        assertEquals("5.23.2", fresh.get("x-stainless-package-version"));
        assertEquals("MacOS", fresh.get("x-stainless-os"));
        UUID.fromString(fresh.get("x-session-id"));
        assertNotEquals(fresh.get("x-session-id"), p.provider.prepare(ask("gpt-5.2", true), "gpt-5.2",
                Plugin.key("fk-a"), Plugin.chatClient()).request().headers().get("x-session-id"), "new per request");

        HttpHeaders c = sent(p, "glm-4.7", true);
        assertEquals("application/json", c.get("accept"));
        assertEquals("fireworks", c.get("x-api-provider"));

        HttpHeaders g = sent(p, "gemini-3-flash-preview", false);
        assertEquals("*/*", g.get("accept"));
        assertEquals("google", g.get("x-api-provider"));
        assertEquals("0.85.0", g.get("x-client-version"));
        assertEquals("cli", g.get("x-factory-client"));
        assertFalse(g.names().stream().anyMatch(n -> n.startsWith("x-stainless-")), g.names().toString());
    }

    @Test
    void userAgentVersionExtraHeadersAndEndpointOverrides() throws Exception {
        FakeFactory other = new FakeFactory();
        try {
            Plugin p = Plugin.of(fake, Jsons.parseObject("{\"user-agent\":\"factory-cli/0.213.0\",\"extra-headers\":"
                    + "{\"x-provider-routing-source\":\"registry_default\"},\"endpoints\":{\"openai\":{\"base-url\":\""
                    + other.baseUrl() + "\",\"path\":\"/o2/responses\",\"extra-headers\":{\"OpenAI-Platform\":\"org-x\"}},"
                    + "\"google\":\"" + other.baseUrl() + "\"}}"));
            HttpHeaders g = sent(p, "gemini-3-flash-preview", false);
            assertEquals("0.213.0", g.get("x-client-version"));
            assertEquals("registry_default", g.get("x-provider-routing-source"));
            assertNull(g.get("openai-platform"), "family extra headers stay in their family");
            UpstreamCall o = p.provider.prepare(ask("gpt-5.2", true), "gpt-5.2", Plugin.key("fk-a"), Plugin.chatClient());
            assertEquals(other.baseUrl() + "/o2/responses", o.request().uri().toString());
            assertEquals("org-x", o.request().headers().get("openai-platform"));
            assertTrue(p.provider.prepare(ask("gemini-3-flash-preview", false), "gemini-3-flash-preview",
                    Plugin.key("fk-a"), Plugin.chatClient()).request().uri().toString()
                    .equals(other.baseUrl() + "/api/llm/g/v1/generate"));
            assertTrue(p.provider.prepare(ask("glm-4.7", false), "glm-4.7", Plugin.key("fk-a"), Plugin.chatClient())
                    .request().uri().toString().equals(fake.baseUrl() + "/api/llm/o/v1/chat/completions"));
        } finally {
            other.close();
        }
    }

    @Test
    void clientKeyHeaderWinsAndNeedsNoAccount() throws Exception {
        Plugin p = Plugin.of(fake);
        ClientRequest client = Plugin.client(Dialect.OPENAI_CHAT, "/v1/chat/completions",
                HttpHeaders.create().set("x-factory-api-key", "fk-client"), JsonValue.EMPTY_JSON_OBJECT);
        assertFalse(p.provider.requiresAccount(client));
        var events = p.harness.stream(ask("claude-sonnet-4-5-20250929", true), "claude-sonnet-4-5-20250929", null, client);
        assertTrue(events.get(events.size() - 1) instanceof dev.switchboard.spi.stream.StreamEvent.MessageStop);
        Recorded r = fake.last(FakeFactory.A);
        assertEquals("Bearer fk-client", r.header("authorization"));
        assertNull(r.header("x-factory-api-key"), "the client's key travels only as the bearer");

        Plugin off = Plugin.of(fake, Jsons.parseObject("{\"allow-client-key-header\":false}"));
        assertTrue(off.provider.requiresAccount(client));
        assertEquals("Bearer fk-acct", off.provider.prepare(ask("gpt-5.2", false), "gpt-5.2", Plugin.key("fk-acct"),
                client).request().headers().get("authorization"));
    }

    @Test
    void refreshTokenAccountsSendTheirAccessToken() throws Exception {
        Account a = new Account(2, "factory", "rt", Json.createObjectBuilder().add("refresh-token", "rt_1")
                .add("access-token", "eyJ.access").build(), AccountState.ACTIVE, null);
        assertEquals("Bearer eyJ.access", Plugin.of(fake).provider.prepare(ask("gpt-5.2", false), "gpt-5.2", a,
                Plugin.chatClient()).request().headers().get("authorization"));
    }

    @Test
    void clientAuthorizationPassThroughOnlyWhenSwitchedOnAndNothingElseIsConfigured() throws Exception {
        ClientRequest client = new ClientRequest(Dialect.OPENAI_CHAT, "/v1/chat/completions", HttpHeaders.create(),
                JsonValue.EMPTY_JSON_OBJECT, "Bearer fk-from-client", null);
        Plugin off = Plugin.of(fake);
        assertTrue(off.provider.requiresAccount(client), "off by default");
        GatewayException e = assertThrows(GatewayException.class, () -> off.provider.prepare(ask("gpt-5.2", false),
                "gpt-5.2", null, client));
        assertEquals(ErrorKind.NO_CAPACITY, e.kind(), "never a 401 for a missing upstream credential");
        assertEquals(FactoryProvider.NO_CREDENTIAL, e.getMessage());

        Plugin on = Plugin.of(fake, Jsons.parseObject("{\"passthrough-client-auth\":true}"));
        assertFalse(on.provider.requiresAccount(client));
        assertEquals("Bearer fk-from-client", on.provider.prepare(ask("gpt-5.2", false), "gpt-5.2", null, client)
                .request().headers().get("authorization"));
        on.ctx.credentials().upsert("pooled", Json.createObjectBuilder().add("api-key", "fk-pool").build());
        assertTrue(on.provider.requiresAccount(client), "pooled keys come first once configured");
        assertTrue(off.provider.requiresAccount(Plugin.chatClient()));
    }

    @Test
    void environmentKeyBecomesAPooledAccountWrittenOnlyWhenItChanges() throws Exception {
        Plugin p = Plugin.of(fake, JsonValue.EMPTY_JSON_OBJECT, Clock.systemUTC(), Map.of("FACTORY_API_KEY", "fk-env"));
        Account env = p.ctx.credentials().find("env-FACTORY_API_KEY").orElseThrow();
        assertEquals("fk-env", env.credential("api-key"));
        assertEquals(1, p.ctx.credentials().writes().size());
        new FactoryProviderFactory(Map.of("FACTORY_API_KEY", "fk-env")::get).create(p.ctx);
        assertEquals(1, p.ctx.credentials().writes().size(), "an unchanged key is not rewritten (its state stays)");
        Plugin none = Plugin.of(fake, Jsons.parseObject("{\"api-key-env\":\"\"}"), Clock.systemUTC(),
                Map.of("FACTORY_API_KEY", "fk-env"));
        assertTrue(none.ctx.credentials().list().isEmpty(), "api-key-env: \"\" turns the lookup off");
    }

    @Test
    void accountEntriesNeedExactlyOneCredential() throws Exception {
        FactoryProvider p = Plugin.of(fake).provider;
        p.validateAccount(dev.switchboard.spi.PluginConfig.of(Jsons.parseObject("{\"api-key\":\"fk-1\"}")));
        p.validateAccount(dev.switchboard.spi.PluginConfig.of(Jsons.parseObject("{\"refresh-token\":\"rt\"}")));
        assertThrows(dev.switchboard.spi.ConfigException.class, () -> p.validateAccount(
                dev.switchboard.spi.PluginConfig.of(Jsons.parseObject("{}"))));
        assertThrows(dev.switchboard.spi.ConfigException.class, () -> p.validateAccount(
                dev.switchboard.spi.PluginConfig.of(Jsons.parseObject("{\"api-key\":\"a\",\"refresh-token\":\"b\"}"))));
    }
}
