package dev.switchboard.kernel.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.kernel.Gateway;
import dev.switchboard.spi.Account;
import dev.switchboard.spi.ClientRequest;
import dev.switchboard.spi.ErrorClassifier;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.Provider;
import dev.switchboard.spi.ProviderContext;
import dev.switchboard.spi.ProviderDescriptor;
import dev.switchboard.spi.ProviderFactory;
import dev.switchboard.spi.UpstreamCall;
import dev.switchboard.spi.model.ChatRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How deep the request filters make a request's stack. A streamed answer keeps its thread parked under the handler
 * for the whole stream, and a parked virtual thread's stack is copied to the heap, so every frame the filters leave
 * under the handler costs memory per open stream. Each Helidon filter adds its own frames (the chain's
 * {@code proceed}, the filter, the proceeder), so the gateway registers a single filter. The stack is taken where a
 * chat request reaches its provider, through the real routing.
 */
class RequestFilterDepthTest {
    private static final String FILTERS = "io.helidon.webserver.http.Filters";
    private static final String PROCEEDER = FILTERS + "$FilterProceeder";

    @TempDir
    Path home;

    @Test
    void aRequestPassesOneHelidonFilter() throws Exception {
        Probe probe = new Probe();
        Path conf = home.resolve("gateway.yaml");
        Files.writeString(conf, """
                providers:
                  - id: p
                    plugin: stack-probe
                    accounts:
                      - { name: a, api-key: k }
                routes:
                  - model: probe-1
                    targets: [ { provider: p } ]
                """);
        try (Gateway g = Gateway.builder().home(home).configFile(conf).env(Map.of())
                .systemProperties(new Properties()).addFactory(probe).port(0).start();
             HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(g.baseUrl() + "/v1/messages"))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"probe-1\",\"max_tokens\":5,"
                            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(400, r.statusCode(), r.body());
        }
        StackTraceElement[] stack = probe.stack.get();
        assertNotNull(stack, "the request reached the provider");
        List<String> frames = Arrays.stream(stack).map(f -> f.getClassName() + "." + f.getMethodName()).toList();
        int handler = -1;
        for (int i = frames.size() - 1; i >= 0 && handler < 0; i--) {
            if (frames.get(i).startsWith(ChatEndpoints.class.getName())) {
                handler = i;
            }
        }
        assertTrue(handler > 0, "the chat handler is on the stack: " + frames);
        List<String> under = frames.subList(handler + 1, frames.size());
        long proceeders = under.stream().filter(f -> f.startsWith(PROCEEDER + ".")).count();
        long chainFrames = under.stream().filter(f -> f.startsWith(FILTERS)).count();
        System.out.println("RequestFilterDepthTest: " + stack.length + " frames at the provider, " + under.size()
                + " under the chat handler, " + chainFrames + " of them Helidon's filter chain");
        assertEquals(1, proceeders, "the request passed exactly one Helidon filter: " + under);
        List<String> ours = under.stream().filter(f -> f.startsWith("dev.switchboard.")).toList();
        assertEquals(1, ours.size(), "one gateway frame sits between the server and the handler: " + ours);
    }

    /** A provider that records the stack of the request thread that calls it, then refuses the request. */
    private static final class Probe implements ProviderFactory {
        final AtomicReference<StackTraceElement[]> stack = new AtomicReference<>();

        @Override
        public ProviderDescriptor descriptor() {
            return new ProviderDescriptor("stack-probe", "records the request thread's stack", Set.of(), Set.of(),
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
                                            ClientRequest client) throws GatewayException {
                    stack.compareAndSet(null, Thread.currentThread().getStackTrace());
                    throw new GatewayException(ErrorKind.INVALID_REQUEST, "the probe does not call upstreams");
                }

                @Override
                public ErrorClassifier errorClassifier() {
                    return e -> new GatewayException(ErrorKind.UPSTREAM_SERVER, "unexpected upstream call");
                }
            };
        }
    }
}
