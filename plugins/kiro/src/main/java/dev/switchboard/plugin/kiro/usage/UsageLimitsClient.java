package dev.switchboard.plugin.kiro.usage;

import dev.switchboard.plugin.kiro.ClientIdentity;
import dev.switchboard.plugin.kiro.KiroEndpoints;
import dev.switchboard.plugin.kiro.KiroErrorClassifier;
import dev.switchboard.plugin.kiro.KiroHttp;
import dev.switchboard.plugin.kiro.auth.KiroCredentials;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.HttpTransport;
import dev.switchboard.spi.UpstreamError;
import dev.switchboard.spi.UpstreamRequest;
import java.time.Clock;

/**
 * Calls {@code getUsageLimits} for one account: the Kiro IDE's headers, its query in its
 * order, {@code profileArn} for social accounts only. Non-2xx answers are classified like chat errors. Stateless
 * apart from its collaborators; thread-safe.
 */
public final class UsageLimitsClient {
    private final HttpTransport transport;
    private final KiroEndpoints endpoints;
    private final ClientIdentity identity;
    private final KiroErrorClassifier classifier;
    private final String defaultApiRegion;
    private final boolean allowOverage;
    private final Clock clock;

    public UsageLimitsClient(HttpTransport transport, KiroEndpoints endpoints, ClientIdentity identity,
                             KiroErrorClassifier classifier, String defaultApiRegion, boolean allowOverage,
                             Clock clock) {
        this.transport = transport;
        this.endpoints = endpoints;
        this.identity = identity;
        this.classifier = classifier;
        this.defaultApiRegion = defaultApiRegion;
        this.allowOverage = allowOverage;
        this.clock = clock;
    }

    /**
     * Loads the limits of an account.
     *
     * @param seed machine-id seed for an account that has none stored
     * @throws GatewayException the classified failure ({@link ErrorKind#UPSTREAM_AUTH} for a rejected token)
     */
    public UsageLimits load(KiroCredentials c, String seed) throws GatewayException {
        if (c.accessToken() == null) {
            throw new GatewayException(ErrorKind.UPSTREAM_AUTH, "the account has no access token yet");
        }
        UpstreamRequest req = UpstreamRequest.get(
                endpoints.usageUri(c.apiRegion(defaultApiRegion), c.profileArnToSend()),
                identity.apiHeaders(c.accessToken(), c.machineIdOr(seed)));
        KiroHttp.Result r = KiroHttp.exchange(transport, req);
        if (!r.ok()) {
            throw classifier.classify(new UpstreamError(r.status(), r.headers(), r.body()));
        }
        return UsageLimits.parse(r.json("Kiro getUsageLimits"), allowOverage, clock.instant());
    }
}
