package dev.switchboard.plugin.anthropic;

import dev.switchboard.spi.Account;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.HttpHeaders;
import dev.switchboard.wire.anthropic.AnthropicBetas;
import java.util.List;

/**
 * The headers of one upstream request: JSON, {@code anthropic-version} (the configured one, else the client's, else
 * {@value AnthropicSettings#DEFAULT_VERSION}), {@code anthropic-beta} after the instance's policy, the instance's
 * {@code extra-headers}, and the account's credential last so nothing can replace it. No other client header goes
 * upstream: the gateway's own client key is never among them (the kernel removes it), and an SDK's telemetry headers
 * are no business of the upstream's.
 */
final class UpstreamHeaders {
    static final String VERSION = "anthropic-version";

    private UpstreamHeaders() {
    }

    /**
     * @param account the leased account (its credential goes in {@code x-api-key} or {@code authorization})
     * @param client  the client's headers (credentials already removed by the kernel), or null
     * @param betas   the betas to send, already filtered by the instance's policy
     */
    static HttpHeaders of(AnthropicSettings settings, Account account, HttpHeaders client, List<String> betas)
            throws GatewayException {
        HttpHeaders h = HttpHeaders.create();
        h.set("content-type", "application/json");
        h.set("accept", "application/json");
        String clientVersion = client == null ? null : client.get(VERSION);
        h.set(VERSION, settings.anthropicVersion() != null ? settings.anthropicVersion()
                : clientVersion != null && !clientVersion.isBlank() ? clientVersion.strip()
                : AnthropicSettings.DEFAULT_VERSION);
        String beta = AnthropicBetas.join(betas);
        if (!beta.isEmpty()) {
            h.set(AnthropicBetas.HEADER, beta);
        }
        settings.extraHeaders().forEach(h::set);
        Credential.apply(account, h);
        return h;
    }
}
