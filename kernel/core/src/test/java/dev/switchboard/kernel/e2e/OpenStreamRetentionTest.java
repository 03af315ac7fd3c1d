package dev.switchboard.kernel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.kernel.Gateway;
import dev.switchboard.spi.Account;
import dev.switchboard.spi.ClientRequest;
import dev.switchboard.spi.Dialect;
import dev.switchboard.spi.ErrorClassifier;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.HttpHeaders;
import dev.switchboard.spi.Provider;
import dev.switchboard.spi.ProviderContext;
import dev.switchboard.spi.ProviderDescriptor;
import dev.switchboard.spi.ProviderFactory;
import dev.switchboard.spi.UpstreamCall;
import dev.switchboard.spi.UpstreamRequest;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.testkit.AnthropicSse;
import dev.switchboard.testkit.FakeUpstream;
import dev.switchboard.wire.anthropic.AnthropicStreamDecoder;
import java.lang.ref.WeakReference;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an open stream keeps: a stream may run for minutes with its request's thread parked under the handler, so
 * the request body the gateway sent upstream (for a coding agent tens of kilobytes, never sent again) must become
 * garbage once the answer is being delivered.
 */
class OpenStreamRetentionTest {
    @TempDir
    Path home;

    @Test
    void theUpstreamRequestBodyIsNotKeptWhileItsStreamRuns() throws Exception {
        CountDownLatch streaming = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> frames = AnthropicSse.start("m", 3).text("held", "done").end("end_turn", 2).frames();
        try (FakeUpstream fake = FakeUpstream.start()) {
            fake.on("POST", "/v1/messages", (req, ex) -> {
                ex.status(200).header("content-type", "text/event-stream");
                for (int i = 0; i < frames.size(); i++) {
                    ex.write(frames.get(i));
                    if (i == 2) {
                        streaming.countDown();
                        release.await(30, TimeUnit.SECONDS);
                    }
                }
                ex.end();
            });
            Relay relay = new Relay(URI.create(fake.baseUrl() + "/v1/messages"));
            Path conf = home.resolve("gateway.yaml");
            Files.writeString(conf, """
                    providers:
                      - id: p
                        plugin: body-probe
                        accounts:
                          - { name: a, api-key: k }
                    routes:
                      - model: probe-1
                        targets: [ { provider: p } ]
                    """);
            try (Gateway g = Gateway.builder().home(home).configFile(conf).env(Map.of())
                    .systemProperties(new Properties()).addFactory(relay).port(0).start();
                 HttpClient http = HttpClient.newHttpClient()) {
                CompletableFuture<HttpResponse<String>> answer = http.sendAsync(HttpRequest.newBuilder(
                                URI.create(g.baseUrl() + "/v1/messages"))
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"probe-1\",\"max_tokens\":5,"
                                + "\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertTrue(streaming.await(30, TimeUnit.SECONDS), "the stream is open");
                WeakReference<byte[]> sent = relay.sent;
                assertNotNull(sent, "the provider prepared a body");
                for (int i = 0; i < 100 && sent.get() != null; i++) {
                    System.gc();
                    Thread.sleep(20);
                }
                assertTrue(sent.get() == null, "the body sent upstream is garbage while the stream still runs");
                release.countDown();
                HttpResponse<String> r = answer.get(30, TimeUnit.SECONDS);
                assertEquals(200, r.statusCode(), r.body());
                assertTrue(r.body().contains("done") && r.body().contains("event: message_stop"), r.body());
            }
        }
    }

    /** A provider that relays Anthropic requests to one URI with a large body, keeping only a weak reference. */
    private static final class Relay implements ProviderFactory {
        private final URI target;
        volatile WeakReference<byte[]> sent;

        Relay(URI target) {
            this.target = target;
        }

        @Override
        public ProviderDescriptor descriptor() {
            return new ProviderDescriptor("body-probe", "relays with a large request body", Set.of(), Set.of(),
                    Set.of("api-key"), Set.of("api-key"));
        }

        @Override
        public Provider create(ProviderContext context) {
            return new Provider() {
                @Override
                public List<String> models() {
                    return List.of("probe-1");
                }

                @Override
                public Optional<String> resolveModel(String requestedModel) {
                    return models().contains(requestedModel) ? Optional.of(requestedModel) : Optional.empty();
                }

                @Override
                public UpstreamCall prepare(ChatRequest request, String upstreamModel, Account account,
                                            ClientRequest client) {
                    byte[] body = ("{\"model\":\"m\",\"stream\":true,\"pad\":\"" + "x".repeat(200_000) + "\"}")
                            .getBytes(StandardCharsets.UTF_8);
                    sent = new WeakReference<>(body);
                    HttpHeaders headers = HttpHeaders.create().set("content-type", "application/json");
                    return UpstreamCall.passThrough(new UpstreamRequest("POST", target, headers, body, null, null,
                            null), new AnthropicStreamDecoder(), true, Dialect.ANTHROPIC);
                }

                @Override
                public ErrorClassifier errorClassifier() {
                    return e -> new GatewayException(ErrorKind.UPSTREAM_SERVER, "upstream answered " + e.status());
                }
            };
        }
    }
}
