package dev.switchboard.kernel.routing;

import dev.switchboard.kernel.runtime.ProviderInstance;

/**
 * One resolved target of a request.
 *
 * @param instance      the provider instance
 * @param upstreamModel the model to ask it for
 */
public record RouteTarget(ProviderInstance instance, String upstreamModel) {
}
