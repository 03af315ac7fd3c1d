package dev.switchboard.plugin.openaicompat;

import dev.switchboard.spi.Account;
import dev.switchboard.spi.HttpHeaders;

/**
 * The headers of every call to an OpenAI-compatible backend: the instance's extra headers, then the account's
 * key (so an extra header can never replace it), the content type and what the answer should be. Nothing of the
 * client's request is forwarded: neither its {@code x-*} headers nor its credentials. Stateless.
 */
final class UpstreamHeaders {
    private UpstreamHeaders() {
    }

    /**
     * @param account the leased account; without an {@code api-key} no credential header is sent (local servers)
     * @param stream  whether the answer is expected as SSE
     */
    static HttpHeaders of(CompatSettings settings, Account account, boolean stream) {
        HttpHeaders h = HttpHeaders.create();
        settings.extraHeaders().forEach(h::set);
        String key = account == null ? null : account.credential(CompatSettings.API_KEY);
        if (key != null && !key.isBlank()) {
            h.set(settings.authHeader(), settings.authHeader().equals("authorization") ? "Bearer " + key.trim() : key.trim());
        }
        h.set("content-type", "application/json");
        h.set("accept", stream ? "text/event-stream" : "application/json");
        return h;
    }
}
