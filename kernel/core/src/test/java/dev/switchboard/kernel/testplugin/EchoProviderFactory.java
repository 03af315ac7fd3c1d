package dev.switchboard.kernel.testplugin;

import dev.switchboard.spi.Account;
import dev.switchboard.spi.ClientRequest;
import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.ErrorClassifier;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.PluginConfig;
import dev.switchboard.spi.Provider;
import dev.switchboard.spi.ProviderContext;
import dev.switchboard.spi.ProviderDescriptor;
import dev.switchboard.spi.ProviderFactory;
import dev.switchboard.spi.UpstreamCall;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.wire.WireErrors;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.pf4j.Extension;

/**
 * A minimal provider plugin for kernel tests. Its models list reports whether the kernel's classes are
 * visible to it (they must not be when it is loaded from a plugin zip).
 */
@Extension
public class EchoProviderFactory implements ProviderFactory {

    @Override
    public ProviderDescriptor descriptor() {
        return new ProviderDescriptor("echo", "test provider", Set.of("base-url", "models"), Set.of(),
                Set.of("api-key"), Set.of("api-key"));
    }

    @Override
    public Provider create(ProviderContext context) throws ConfigException {
        PluginConfig c = context.config();
        c.url("base-url");
        List<String> configured = c.strings("models");
        String extra = context.environment().get("ECHO_EXTRA_MODEL");
        List<String> models = extra == null ? configured
                : java.util.stream.Stream.concat(configured.stream(), java.util.stream.Stream.of(extra)).toList();
        String visibility = kernelVisible() ? "kernel-visible" : "kernel-hidden";
        return new Provider() {
            @Override
            public List<String> models() {
                return models.isEmpty() ? List.of("echo-1", visibility) : models;
            }

            @Override
            public Optional<String> resolveModel(String requestedModel) {
                return models().contains(requestedModel) ? Optional.of(requestedModel) : Optional.empty();
            }

            @Override
            public UpstreamCall prepare(ChatRequest request, String upstreamModel, Account account, ClientRequest client)
                    throws GatewayException {
                throw new GatewayException(ErrorKind.INTERNAL, "the echo provider does not call upstreams");
            }

            @Override
            public ErrorClassifier errorClassifier() {
                return e -> new GatewayException(ErrorKind.UPSTREAM_SERVER, WireErrors.upstreamMessage(e.status(), e.body()));
            }
        };
    }

    private boolean kernelVisible() {
        try {
            Class.forName("dev.switchboard.kernel.Gateway", false, getClass().getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
