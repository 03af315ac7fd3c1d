package dev.switchboard.kernel.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.kernel.Gateway;
import dev.switchboard.kernel.auth.ClientPrincipal;
import dev.switchboard.kernel.config.GatewayConfig;
import dev.switchboard.kernel.dialect.AnthropicDialect;
import dev.switchboard.kernel.plugin.PluginHost;
import dev.switchboard.kernel.pool.MemoryAccountStore;
import dev.switchboard.kernel.pool.PooledAccount;
import dev.switchboard.kernel.routing.ModelRouter;
import dev.switchboard.kernel.runtime.ProviderRegistry;
import dev.switchboard.kernel.store.UsageOutcome;
import dev.switchboard.kernel.store.UsageRecord;
import dev.switchboard.kernel.testplugin.ScriptedAnthropicProviderFactory;
import dev.switchboard.spi.AccountState;
import dev.switchboard.spi.ClientRequest;
import dev.switchboard.spi.Dialect;
import dev.switchboard.spi.HttpHeaders;
import dev.switchboard.spi.Sleeper;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.testkit.AnthropicSse;
import dev.switchboard.testkit.FakeUpstream;
import dev.switchboard.testkit.MutableClock;
import dev.switchboard.transport.HelidonHttpTransport;
import dev.switchboard.transport.TransportSettingsReader;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dispatcher without the gateway's server: real routing, pool and attempt over an in-memory account store, the
 * scripted Anthropic provider talking to a fake upstream that answers per account ({@code x-api-key}), and the
 * client's response recorded. Accounts a (tier 1) and b (tier 2), so a is always tried first.
 */
class DispatcherTest {
    private static final String MODEL = "claude-sonnet-4-5";

    @TempDir
    Path home;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final MemoryAccountStore store = new MemoryAccountStore(clock);
    private final List<UsageRecord> rows = new ArrayList<>();
    private final FakeUpstream upstream = FakeUpstream.start();
    private PluginHost plugins;
    private ProviderRegistry providers;
    private Dispatcher dispatcher;
    /** The upstream's answer per account key; an account without one is not expected to be called. */
    private final Map<String, FakeUpstream.Handler> byKey = new HashMap<>();

    @AfterEach
    void close() {
        if (providers != null) {
            providers.close();
        }
        if (plugins != null) {
            plugins.close();
        }
        upstream.close();
    }

    private void build() throws Exception {
        upstream.on("POST", "/v1/messages", (req, x) -> byKey.getOrDefault(req.header("x-api-key"),
                (r, ex) -> ex.status(500).json("{}")).handle(req, x));
        Path conf = home.resolve("gateway.yaml");
        Files.writeString(conf, """
                providers:
                  - id: up
                    plugin: scripted
                    base-url: %s
                    models: [ %s ]
                    accounts:
                      - { name: a, api-key: key-a, tier: 1 }
                      - { name: b, api-key: key-b, tier: 2 }
                """.formatted(upstream.baseUrl(), MODEL));
        GatewayConfig config = Gateway.builder().home(home).configFile(conf).env(Map.of())
                .systemProperties(new Properties()).loadConfig();
        plugins = new PluginHost(home.resolve("plugins"), List.of(new ScriptedAnthropicProviderFactory()));
        plugins.start();
        providers = ProviderRegistry.build(config, plugins, store, clock, Sleeper.system(),
                node -> HelidonHttpTransport.create(TransportSettingsReader.read(node, Map.of()), clock), Map.of());
        UsageSink usage = rows::add;
        dispatcher = new Dispatcher(new ModelRouter(config.routes(), providers), config.dispatch(),
                config.server().heartbeatInterval(), usage, clock, new InFlightStreams(usage, Duration.ofMinutes(1)));
    }

    /** Sends one Anthropic request through the dispatcher and returns what the client got. */
    private RecordingResponse dispatch(boolean stream) throws Exception {
        JsonObject body = Jsons.parseObject("""
                {"model": "%s", "max_tokens": 64, "stream": %s,
                 "messages": [ { "role": "user", "content": "hello" } ]}""".formatted(MODEL, stream));
        AnthropicDialect dialect = new AnthropicDialect();
        ParsedRequest parsed = dialect.read(body, HttpHeaders.create());
        ClientRequest client = new ClientRequest(Dialect.ANTHROPIC, "/v1/messages", HttpHeaders.create(), body, null,
                null);
        RecordingResponse res = new RecordingResponse();
        dispatcher.dispatch(dialect, parsed, client, ClientPrincipal.LOOPBACK, res, new RequestInfo(), "req_1");
        return res;
    }

    /** Account {@code key} answers with a whole stream. */
    private void answer(String key, String text) {
        answerEach(key, AnthropicSse.start(MODEL, 7).text(text).end("end_turn", 3).frames(), Duration.ZERO);
    }

    /** Account {@code key} answers with these frames, {@code gap} apart. */
    private void answerEach(String key, List<String> frames, Duration gap) {
        byKey.put(key, (req, x) -> {
            x.status(200).header("content-type", "text/event-stream");
            for (String f : frames) {
                x.write(f).pause(gap);
            }
            x.end();
        });
    }

    /** Account {@code key} fails with this status and Anthropic error type. */
    private void fail(String key, int status, String type, String retryAfter) {
        byKey.put(key, (req, x) -> {
            if (retryAfter != null) {
                x.header("retry-after", retryAfter);
            }
            x.status(status).json("{\"type\":\"error\",\"error\":{\"type\":\"" + type
                    + "\",\"message\":\"scripted " + status + "\"}}");
        });
    }

    private PooledAccount account(String name) {
        return providers.get("up").pool().find(name);
    }

    private List<String> keysTried() {
        return upstream.requests("/v1/messages").stream().map(r -> r.header("x-api-key")).toList();
    }

    @Test
    void theFirstAccountAnswersAndTheRequestGetsOneRow() throws Exception {
        answer("key-a", "hi there");
        build();
        RecordingResponse res = dispatch(false);
        assertEquals(200, res.status().code(), res.body());
        assertTrue(res.body().contains("hi there"), res.body());
        assertEquals("req_1", res.header("request-id"));
        assertEquals(List.of("key-a"), keysTried());
        assertEquals(1, rows.size(), "one row per answered request: " + rows);
        UsageRecord row = rows.get(0);
        assertEquals(UsageOutcome.OK, row.outcome());
        assertEquals("a", row.accountName());
        assertEquals(7, row.usage().inputTokens());
        assertEquals(3, row.usage().outputTokens());
        assertEquals(1, account("a").requests(), "the account is credited");
    }

    @Test
    void aRateLimitedAccountCoolsUntilItsRetryAfterAndTheNextOneAnswers() throws Exception {
        fail("key-a", 429, "rate_limit_error", "30");
        answer("key-b", "from b");
        build();
        RecordingResponse res = dispatch(false);
        assertEquals(200, res.status().code(), res.body());
        assertTrue(res.body().contains("from b"), res.body());
        assertEquals(List.of("key-a", "key-b"), keysTried());
        PooledAccount.Status a = account("a").status();
        assertEquals(AccountState.COOLING, a.state());
        assertEquals(clock.instant().plusSeconds(30), a.until(), "cooling for the upstream's Retry-After");
        assertEquals(AccountState.ACTIVE, account("b").status().state());
        assertEquals(List.of("b"), rows.stream().filter(r -> r.outcome() == UsageOutcome.OK)
                .map(UsageRecord::accountName).toList(), "one answered row, on the account that answered");
    }

    @Test
    void aRejectedCredentialNeedsReauthAndTheNextAccountAnswers() throws Exception {
        fail("key-a", 401, "authentication_error", null);
        answer("key-b", "from b");
        build();
        RecordingResponse res = dispatch(false);
        assertEquals(200, res.status().code(), res.body());
        assertEquals(List.of("key-a", "key-b"), keysTried());
        PooledAccount.Status a = account("a").status();
        assertEquals(AccountState.REAUTH_REQUIRED, a.state());
        assertNull(a.until(), "a rejected credential does not come back by itself");
    }

    @Test
    void withEveryAccountCoolingTheClientIsToldWhenToComeBack() throws Exception {
        fail("key-a", 429, "rate_limit_error", "20");
        fail("key-b", 429, "rate_limit_error", "20");
        build();
        RecordingResponse first = dispatch(false);
        assertEquals(429, first.status().code(), first.body());
        assertEquals(List.of("key-a", "key-b"), keysTried());

        upstream.clearRequests();
        RecordingResponse second = dispatch(false);
        assertEquals(429, second.status().code(), "both accounts are cooling, so nothing is sent upstream");
        assertEquals(List.of(), keysTried());
        assertEquals("20", second.header("retry-after"), "the soonest account is back in 20 s");
        assertTrue(second.body().contains("rate_limit_error"), second.body());
    }

    @Test
    void withNoUsableAccountTheAnthropicClientGetsOverloaded() throws Exception {
        fail("key-a", 401, "authentication_error", null);
        fail("key-b", 401, "authentication_error", null);
        build();
        RecordingResponse first = dispatch(false);
        assertEquals(502, first.status().code(), "both credentials were rejected: " + first.body());
        upstream.clearRequests();
        RecordingResponse res = dispatch(false);
        assertEquals(529, res.status().code(), res.body());
        assertTrue(res.body().contains("overloaded_error"), res.body());
        assertEquals(List.of(), keysTried());
        assertNull(res.header("retry-after"), "no account comes back by itself");
    }

    @Test
    void aStreamedAnswerReachesTheClientEventByEvent() throws Exception {
        List<String> frames = AnthropicSse.start(MODEL, 5).text("one ", "two ", "three").end("end_turn", 3)
                .frames();
        answerEach("key-a", frames, Duration.ofMillis(40));
        build();
        RecordingResponse res = dispatch(true);
        assertEquals(200, res.status().code());
        List<String> flushes = res.flushes();
        List<Integer> deltas = new ArrayList<>();
        for (int i = 0; i < flushes.size(); i++) {
            if (flushes.get(i).contains("text_delta")) {
                deltas.add(i);
            }
        }
        assertEquals(3, deltas.size(), "each delta left in a flush of its own: " + flushes);
        assertTrue(flushes.get(deltas.get(0)).contains("one "), flushes.get(deltas.get(0)));
        assertTrue(flushes.get(deltas.get(2)).contains("three"), flushes.get(deltas.get(2)));
        assertTrue(flushes.get(flushes.size() - 1).contains("message_stop"), flushes.toString());
        assertEquals(1, rows.size(), "one row for the stream: " + rows);
        assertEquals(UsageOutcome.OK, rows.get(0).outcome());
    }
}
