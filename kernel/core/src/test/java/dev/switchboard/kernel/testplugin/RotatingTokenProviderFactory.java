package dev.switchboard.kernel.testplugin;

import dev.switchboard.spi.Account;
import dev.switchboard.spi.ClientRequest;
import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.CredentialRefresher;
import dev.switchboard.spi.Dialect;
import dev.switchboard.spi.ErrorClassifier;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.HttpHeaders;
import dev.switchboard.spi.HttpTransport;
import dev.switchboard.spi.Provider;
import dev.switchboard.spi.ProviderContext;
import dev.switchboard.spi.ProviderDescriptor;
import dev.switchboard.spi.ProviderFactory;
import dev.switchboard.wire.StandardErrorClassifier;
import dev.switchboard.spi.UpstreamCall;
import dev.switchboard.spi.UpstreamRequest;
import dev.switchboard.spi.UpstreamResponse;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.wire.anthropic.AnthropicRequestWriter;
import dev.switchboard.wire.anthropic.AnthropicStreamDecoder;
import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An in-test provider with short-lived access tokens and rotating refresh tokens, the way WorkOS and Kiro hand them
 * out: an account holds {@code access-token}, {@code expires-at} and {@code refresh-token}; chat calls send the
 * access token as {@code x-api-key} to {@code <base-url>/v1/messages} (Anthropic Messages), and a refresh posts the
 * refresh token to {@code <base-url>/oauth/token}, whose answer {@code {access_token, refresh_token, expires_in}}
 * replaces all three. A 400 or 401 from the token endpoint is a permanent rejection ({@code invalid_grant}).
 */
public class RotatingTokenProviderFactory implements ProviderFactory {

    @Override
    public ProviderDescriptor descriptor() {
        return new ProviderDescriptor("rotating", "rotating refresh tokens for tests", Set.of("base-url", "models"),
                Set.of(), Set.of("access-token", "refresh-token", "expires-at"), Set.of("access-token", "refresh-token"));
    }

    @Override
    public Provider create(ProviderContext ctx) throws ConfigException {
        String base = ctx.config().url("base-url").orElseThrow(() -> ctx.config().problem("base-url", "is required"));
        List<String> models = ctx.config().strings("models");
        ErrorClassifier classifier = new StandardErrorClassifier(ctx.clock());
        CredentialRefresher refresher = new Refresher(base, ctx.transport(), ctx.clock());
        return new Provider() {
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
                HttpHeaders h = HttpHeaders.create().set("anthropic-version", "2023-06-01")
                        .set("x-api-key", account.credential("access-token")).set("content-type", "application/json");
                UpstreamRequest req = new UpstreamRequest("POST", URI.create(base + "/v1/messages"), h,
                        writer.writeBytes(request.toBuilder().stream(true).build()), null, null, null);
                return UpstreamCall.converted(req, new AnthropicStreamDecoder(), true);
            }

            @Override
            public ErrorClassifier errorClassifier() {
                return classifier;
            }

            @Override
            public Optional<CredentialRefresher> credentialRefresher() {
                return Optional.of(refresher);
            }
        };
    }

    private record Refresher(String base, HttpTransport transport, Clock clock) implements CredentialRefresher {
        @Override
        public boolean canRefresh(Account account) {
            return account.credentials().containsKey("refresh-token");
        }

        @Override
        public Optional<Instant> expiresAt(Account account) {
            return account.credentials().containsKey("expires-at")
                    ? Optional.of(Instant.parse(account.credential("expires-at"))) : Optional.empty();
        }

        @Override
        public JsonObject refresh(Account account) throws GatewayException {
            String body = Jsons.objectBuilder().add("refresh_token", account.credential("refresh-token")).build()
                    .toString();
            try (UpstreamResponse r = transport.send(UpstreamRequest.postJson(URI.create(base + "/oauth/token"),
                    HttpHeaders.create(), body))) {
                byte[] answer = r.readBody(65536);
                if (r.status() == 400 || r.status() == 401) {
                    throw new GatewayException(ErrorKind.UPSTREAM_AUTH, "refresh rejected: invalid_grant");
                }
                if (!r.isSuccess()) {
                    throw new GatewayException(ErrorKind.UPSTREAM_SERVER, "token endpoint answered " + r.status());
                }
                JsonObject t = Jsons.parseObject(answer);
                return Jsons.objectBuilder(account.credentials())
                        .add("access-token", t.getString("access_token"))
                        .add("refresh-token", t.getString("refresh_token"))
                        .add("expires-at", clock.instant().plusSeconds(t.getInt("expires_in")).toString()).build();
            }
        }
    }
}
