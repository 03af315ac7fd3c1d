package dev.switchboard.spi;

import jakarta.json.JsonObject;

/**
 * What a provider may know about the client call beyond the canonical request: the dialect, the raw
 * body (for pass-through edits) and the headers. The client's gateway credential is never included
 * ({@code authorization} and {@code x-api-key} are removed), except that {@link #clientAuthorization()}
 * exposes the client's {@code Authorization} when the gateway runs without client keys (loopback mode)
 * so a plugin may offer an explicit pass-through switch.
 *
 * @param dialect             the client's dialect
 * @param path                request path without prefix or query ({@code /v1/messages})
 * @param headers             client headers minus credentials; read-only by convention
 * @param rawBody             the client's JSON body as received
 * @param clientAuthorization the client's {@code Authorization} value in loopback mode, else null
 * @param conversationKey     the affinity key the kernel derived (session id or user), or null
 */
public record ClientRequest(Dialect dialect, String path, HttpHeaders headers, JsonObject rawBody,
                            String clientAuthorization, String conversationKey) {
}
