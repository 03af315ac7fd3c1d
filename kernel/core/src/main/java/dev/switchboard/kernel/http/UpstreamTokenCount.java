package dev.switchboard.kernel.http;

import dev.switchboard.kernel.pool.AccountPool;
import dev.switchboard.kernel.pool.Lease;
import dev.switchboard.kernel.routing.ModelRouter;
import dev.switchboard.kernel.routing.RouteTarget;
import dev.switchboard.kernel.runtime.ProviderInstance;
import dev.switchboard.spi.ClientRequest;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.Provider;
import dev.switchboard.spi.UpstreamCall;
import dev.switchboard.spi.UpstreamError;
import dev.switchboard.spi.UpstreamResponse;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatRequest;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Asks the upstream that would serve a model for its own token count, and says when the gateway must estimate
 * instead. The first ready target of the model's route is asked, once, on an account leased from its pool; the lease
 * is neither a served request nor a usage row (nothing is recorded), so counting never spends an account's rate or
 * usage budget. The rules:
 * <ul>
 *   <li>2xx with a JSON object holding a numeric {@code input_tokens}: that body is the answer;</li>
 *   <li>a plugin without the hook, an instance that declines, no route, no ready target or no free account: estimate;</li>
 *   <li>an upstream 401, or a 403 its classifier reads as a rejected credential: the account gets the same effect a
 *       chat request would give it (reauth-required), and the count is estimated;</li>
 *   <li>anything else (404/405/501 for an endpoint without count_tokens, 400, 429, 5xx, timeouts, a body that is not
 *       a count): estimate, and the account is left as it is — a count is a hint, and a rate-limited count must not
 *       cool an account that still serves chats.</li>
 * </ul>
 * Thread-safe.
 */
final class UpstreamTokenCount {
    private static final Logger LOG = Logger.getLogger(UpstreamTokenCount.class.getName());
    /** A count answer is a few dozen bytes; anything larger is not one. */
    static final int MAX_ANSWER_BYTES = 64 * 1024;

    private final ModelRouter router;

    UpstreamTokenCount(ModelRouter router) {
        this.router = router;
    }

    /** The upstream's JSON answer, or empty when the gateway must estimate. */
    Optional<byte[]> count(ChatRequest request, ClientRequest client) {
        List<RouteTarget> targets;
        try {
            targets = router.resolve(request.model());
        } catch (GatewayException e) {
            return Optional.empty();
        }
        for (RouteTarget t : targets) {
            if (t.instance().ready()) {
                return ask(t.instance(), t.upstreamModel(), request, client);
            }
        }
        return Optional.empty();
    }

    private Optional<byte[]> ask(ProviderInstance inst, String upstreamModel, ChatRequest request,
                                 ClientRequest client) {
        Provider provider = inst.provider();
        Lease lease = null;
        if (provider.requiresAccount(client)) {
            AccountPool.Result r = inst.pool().acquireUncounted();
            if (r.lease() == null) {
                return Optional.empty();
            }
            lease = r.lease();
        }
        try (Lease held = lease) {
            Optional<UpstreamCall> call = provider.prepareCountTokens(request, upstreamModel,
                    held == null ? null : held.account(), client);
            if (call.isEmpty()) {
                return Optional.empty();
            }
            try (UpstreamResponse up = inst.transport().send(call.get().request())) {
                byte[] body = up.readBody(MAX_ANSWER_BYTES);
                if (up.isSuccess()) {
                    return isCount(body) ? Optional.of(body) : Optional.empty();
                }
                if (held != null && (up.status() == 401 || up.status() == 403)) {
                    GatewayException e = call.get().classifierOr(provider.errorClassifier())
                            .classify(new UpstreamError(up.status(), up.headers(), body));
                    if (e.kind() == ErrorKind.UPSTREAM_AUTH) {
                        held.failure(e);
                    }
                }
                final int status = up.status();
                LOG.fine(() -> "count_tokens on " + inst.id() + " answered " + status + "; estimating");
                return Optional.empty();
            }
        } catch (GatewayException | RuntimeException e) {
            // Never a failed count for the client: the estimate answers, and the cause is in the log.
            LOG.fine(() -> "count_tokens on " + inst.id() + " failed (" + e + "); estimating");
            return Optional.empty();
        }
    }

    static boolean isCount(byte[] body) {
        try {
            JsonObject o = Jsons.parseObject(body);
            JsonValue n = o.get("input_tokens");
            return n instanceof JsonNumber num && num.isIntegral() && num.longValue() >= 0;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
