package dev.switchboard.kernel.testplugin;

import dev.switchboard.spi.Account;
import dev.switchboard.spi.ClientRequest;
import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.Dialect;
import dev.switchboard.spi.ErrorClassifier;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.HttpHeaders;
import dev.switchboard.spi.Provider;
import dev.switchboard.spi.ProviderContext;
import dev.switchboard.spi.ProviderDescriptor;
import dev.switchboard.spi.ProviderFactory;
import dev.switchboard.spi.UpstreamCall;
import dev.switchboard.spi.UpstreamRequest;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.spi.ModelPrice;
import dev.switchboard.spi.ResponseDecoder;
import dev.switchboard.spi.model.ChatResponse;
import dev.switchboard.spi.stream.StreamEvent;
import dev.switchboard.wire.StandardErrorClassifier;
import dev.switchboard.wire.anthropic.AnthropicRequestWriter;
import dev.switchboard.wire.anthropic.AnthropicStreamDecoder;
import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An in-test provider that talks Anthropic Messages to a scripted fake upstream, using the SPI's codecs
 * like a real plugin would. {@code pass-through: true} relays Anthropic clients' bytes untouched. The
 * account's {@code api-key} goes upstream as {@code x-api-key}, so fakes can script per account.
 * {@code default-prices: { model: "input,output,cache-read,cache-write" }} are the plugin's shipped prices;
 * {@code metered-credits: N} makes the final usage of converted calls report N credits, as Kiro's does.
 */
public class ScriptedAnthropicProviderFactory implements ProviderFactory {

    @Override
    public ProviderDescriptor descriptor() {
        return new ProviderDescriptor("scripted", "scripted Anthropic upstream for tests",
                Set.of("base-url", "models", "pass-through", "default-prices", "metered-credits"), Set.of(), Set.of("api-key"), Set.of("api-key"));
    }

    @Override
    public Provider create(ProviderContext ctx) throws ConfigException {
        String base = ctx.config().url("base-url").orElseThrow(() -> ctx.config().problem("base-url", "is required"));
        List<String> models = ctx.config().strings("models");
        boolean passThrough = ctx.config().bool("pass-through", false);
        ErrorClassifier classifier = new StandardErrorClassifier(ctx.clock());
        Map<String, ModelPrice> prices = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : ctx.config().stringMap("default-prices").entrySet()) {
            double[] p = Arrays.stream(e.getValue().split(",")).mapToDouble(Double::parseDouble).toArray();
            prices.put(e.getKey(), new ModelPrice(p[0], p[1], p[2], p[3]));
        }
        double credits = ctx.config().decimal("metered-credits").orElse(0.0);
        return new Provider() {
            @Override
            public Map<String, ModelPrice> prices() {
                return prices;
            }

            @Override
            public List<String> models() {
                return models;
            }

            @Override
            public Optional<String> resolveModel(String requestedModel) {
                return models.contains(requestedModel) ? Optional.of(requestedModel) : Optional.empty();
            }

            @Override
            public UpstreamCall prepare(ChatRequest request, String upstreamModel, Account account, ClientRequest client)
                    throws GatewayException {
                AnthropicRequestWriter writer = new AnthropicRequestWriter(
                        AnthropicRequestWriter.Options.forModel(upstreamModel)
                                .withIncludeExtensions(client.dialect() == Dialect.ANTHROPIC));
                boolean relay = passThrough && client.dialect() == Dialect.ANTHROPIC;
                // Converted calls always stream upstream; unary clients get the folded stream.
                ChatRequest upstream = relay ? request : request.toBuilder().stream(true).build();
                HttpHeaders h = HttpHeaders.create().set("anthropic-version", "2023-06-01")
                        .set("x-api-key", account.credential("api-key")).set("content-type", "application/json");
                UpstreamRequest req = new UpstreamRequest("POST", URI.create(base + "/v1/messages"), h,
                        writer.writeBytes(upstream), null, null, null);
                ResponseDecoder decoder = credits > 0 ? new CreditsDecoder(new AnthropicStreamDecoder(), credits)
                        : new AnthropicStreamDecoder();
                return relay ? UpstreamCall.passThrough(req, decoder, request.stream(), Dialect.ANTHROPIC)
                        : UpstreamCall.converted(req, decoder, true);
            }

            @Override
            public ErrorClassifier errorClassifier() {
                return classifier;
            }
        };
    }

    /** Adds metered credits to the final usage, like a plugin whose upstream meters its own units. */
    private record CreditsDecoder(ResponseDecoder inner, double credits) implements ResponseDecoder {
        @Override
        public List<StreamEvent> onBytes(byte[] chunk, int offset, int length) {
            return withCredits(inner.onBytes(chunk, offset, length));
        }

        @Override
        public List<StreamEvent> onEnd() {
            return withCredits(inner.onEnd());
        }

        @Override
        public ChatResponse decodeUnary(byte[] body) throws GatewayException {
            return inner.decodeUnary(body);
        }

        private List<StreamEvent> withCredits(List<StreamEvent> events) {
            return events.stream().map(e -> e instanceof StreamEvent.MessageDelta d
                    ? new StreamEvent.MessageDelta(d.stopReason(), d.stopSequence(), d.usage().withCredits(credits))
                    : e).toList();
        }
    }
}
