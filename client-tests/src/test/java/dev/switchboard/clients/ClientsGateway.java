package dev.switchboard.clients;

import dev.switchboard.kernel.Gateway;
import dev.switchboard.plugin.factory.FactoryProviderFactory;
import dev.switchboard.plugin.kiro.KiroProviderFactory;
import dev.switchboard.plugin.kiro.fake.ChatScript;
import dev.switchboard.plugin.kiro.fake.FakeKiro;
import dev.switchboard.plugin.openaicompat.OpenAiCompatProviderFactory;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.testkit.FakeUpstream.Recorded;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The real gateway with all three plugins (registered in code, loaded as from their zips minus the class-loader
 * isolation) in front of conversational fakes: {@link AgentUpstream} for the openai-compat backend and Factory,
 * the kiro plugin's {@link FakeKiro} (strict request rules, CRC-valid event streams) answering the same way. Each
 * {@link Upstream} has a route model the clients ask for. Thinking is switched on where a plugin has it off by
 * default (openai-compat {@code reasoning-effort}, kiro {@code thinking-mode}, Factory's {@code glm-4.7}), as a user
 * who wants it would. One client key. Not thread-safe; one per test class.
 */
final class ClientsGateway implements AutoCloseable {
    static final String KEY = "sk-switchboard-client-0123456789";
    static final String KIRO_CHAT = "/generateAssistantResponse";

    /** The upstreams a client can reach, by plugin and (for Factory) endpoint family. */
    enum Upstream {
        OPENAI_COMPAT("openai-compat", "sb-openai-compat", AgentUpstream.COMPAT_CHAT),
        FACTORY_ANTHROPIC("factory (anthropic)", "sb-factory-anthropic", AgentUpstream.FACTORY_ANTHROPIC),
        FACTORY_OPENAI("factory (openai)", "sb-factory-openai", AgentUpstream.FACTORY_RESPONSES),
        FACTORY_CHAT("factory (chat)", "sb-factory-chat", AgentUpstream.FACTORY_CHAT),
        KIRO("kiro", "sb-kiro", KIRO_CHAT);

        /** The matrix column. */
        final String label;
        /** The model name a client asks for to reach it. */
        final String model;
        /** The path on the fake that receives its requests. */
        final String path;

        Upstream(String label, String model, String path) {
            this.label = label;
            this.model = model;
            this.path = path;
        }
    }

    final AgentUpstream agent = new AgentUpstream();
    final FakeKiro kiro = new FakeKiro();
    final Gateway gateway;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ClientsGateway(Path home) throws Exception {
        kiro.responder(body -> kiroAnswer(AgentTurn.next(Conversation.kiro(body), agent.plan)));
        String[] kiroTokens = kiro.issueSocial();
        String yaml = """
                clients:
                  keys:
                    - { name: agent, key: %s }
                server:
                  max-request-bytes: 16000000
                providers:
                  - id: compat
                    plugin: openai-compat
                    base-url: %s/v1
                    reasoning-effort: true
                    health-check: false
                    accounts: [ { name: compat-1, api-key: sk-backend-1 } ]
                  - id: factory
                    plugin: factory
                    base-url: %s
                    workos-base-url: %s
                    health-check: false
                    usage-sync-interval: 1d
                    models:
                      - { id: claude-sonnet-4-5-20250929, type: anthropic, reasoning: auto }
                      - { id: gpt-5.2-codex, type: openai, reasoning: auto }
                      - { id: glm-4.7, type: common, reasoning: auto, provider: fireworks }
                    accounts: [ { name: fk-1, api-key: fk-1 } ]
                  - id: kiro
                    plugin: kiro
                    base-url: %s
                    endpoints: { refresh: %s/refreshToken, oidc: %s, login: %s }
                    thinking-mode: prompt-tags
                    health-check: false
                    usage-sync-interval: 1d
                    accounts:
                      - { name: kiro-1, auth-method: social, access-token: %s, refresh-token: %s, expires-at: "%s", profile-arn: "%s", region: us-east-1 }
                routes:
                  - { model: sb-openai-compat, targets: [ { provider: compat, model: qwen3-coder } ] }
                  - { model: sb-factory-anthropic, targets: [ { provider: factory, model: claude-sonnet-4-5 } ] }
                  - { model: sb-factory-openai, targets: [ { provider: factory, model: gpt-5.2-codex } ] }
                  - { model: sb-factory-chat, targets: [ { provider: factory, model: glm-4.7 } ] }
                  - { model: sb-kiro, targets: [ { provider: kiro, model: claude-sonnet-4-5 } ] }
                """.formatted(KEY, agent.baseUrl(), agent.baseUrl(), agent.baseUrl(), kiro.baseUrl(), kiro.baseUrl(),
                kiro.baseUrl(), kiro.baseUrl(), kiroTokens[0], kiroTokens[1], Instant.now().plusSeconds(36_000),
                FakeKiro.ARN);
        Files.createDirectories(home);
        Path conf = home.resolve("gateway.yaml");
        Files.writeString(conf, yaml);
        try {
            gateway = Gateway.builder().home(home).configFile(conf).env(Map.of()).systemProperties(new Properties())
                    .addFactory(new OpenAiCompatProviderFactory())
                    .addFactory(new FactoryProviderFactory(Map.<String, String>of()::get))
                    .addFactory(new KiroProviderFactory()).port(0).start();
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    /** The fake model's turn as Kiro streams it; thinking as the leading tags the plugin asked for. */
    private static ChatScript kiroAnswer(AgentTurn turn) {
        ChatScript s = ChatScript.of();
        if (turn.reasoning() != null) {
            s.text("<thinking>" + turn.reasoning() + "</thinking>");
        }
        if (turn.isToolCall()) {
            String args = turn.arguments();
            s.tool("tooluse_fake" + Math.abs(args.hashCode()), turn.tool(), args.substring(0, args.length() / 2),
                    args.substring(args.length() / 2));
        } else {
            s.text(turn.text());
        }
        return s.metering(0.02).context(1.5);
    }

    String base() {
        return gateway.baseUrl();
    }

    /** The requests an upstream received. */
    List<Recorded> received(Upstream u) {
        return u == Upstream.KIRO ? kiro.server().requests(KIRO_CHAT) : agent.requests(u.path);
    }

    /** The JSON body of the last request an upstream received. */
    JsonObject lastReceived(Upstream u) {
        List<Recorded> rs = received(u);
        if (rs.isEmpty()) {
            throw new AssertionError(u.label + " received no request");
        }
        return Jsons.parseObject(rs.getLast().body());
    }

    /** What the upstream saw of the last request, read from its own wire format. */
    Conversation lastConversation(Upstream u) {
        JsonObject body = lastReceived(u);
        return switch (u) {
            case OPENAI_COMPAT, FACTORY_CHAT -> Conversation.chat(body);
            case FACTORY_ANTHROPIC -> Conversation.anthropic(body);
            case FACTORY_OPENAI -> Conversation.responses(body);
            case KIRO -> Conversation.kiro(body);
        };
    }

    /** POSTs a body with the given headers (the client key is added) and reads the whole answer. */
    HttpResponse<String> post(String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(60))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        b.header("authorization", "Bearer " + KEY);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        try {
            if (gateway != null) {
                gateway.close();
            }
        } finally {
            agent.close();
            kiro.close();
        }
    }
}
