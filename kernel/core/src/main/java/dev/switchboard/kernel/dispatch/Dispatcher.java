package dev.switchboard.kernel.dispatch;

import dev.switchboard.kernel.auth.ClientPrincipal;
import dev.switchboard.kernel.config.DispatchSettings;
import dev.switchboard.kernel.dialect.ClientErrors;
import dev.switchboard.kernel.dialect.ErrorResponses;
import dev.switchboard.kernel.pool.AccountPool;
import dev.switchboard.kernel.pool.Lease;
import dev.switchboard.kernel.pool.NoAccountAvailable;
import dev.switchboard.kernel.routing.ModelRouter;
import dev.switchboard.kernel.routing.RouteTarget;
import dev.switchboard.kernel.runtime.ProviderInstance;
import dev.switchboard.kernel.store.UsageOutcome;
import dev.switchboard.spi.ClientRequest;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.model.Usage;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The attempt loop across accounts and route targets (docs/architecture.md#dispatcher-and-attempt). Each attempt
 * leases an account
 * from the target's pool and runs an {@link Attempt}; a retryable failure before the first byte moves on
 * to another account, then to the next target, up to {@code dispatch.max-attempts}. When everything
 * failed, the client gets the status that says why (docs/architecture.md#status-codes). Stateless apart from its
 * collaborators;
 * thread-safe.
 */
public final class Dispatcher {
    private static final Logger LOG = Logger.getLogger(Dispatcher.class.getName());

    private final ModelRouter router;
    private final DispatchSettings settings;
    private final Duration heartbeat;
    private final UsageSink usage;
    private final Clock clock;
    private final InFlightStreams streams;

    public Dispatcher(ModelRouter router, DispatchSettings settings, Duration heartbeat, UsageSink usage, Clock clock,
                      InFlightStreams streams) {
        this.streams = streams;
        this.router = router;
        this.settings = settings;
        this.heartbeat = heartbeat;
        this.usage = usage;
        this.clock = clock;
    }

    /** Everything one request needs besides the targets. */
    record Exchange(ClientDialect dialect, ParsedRequest parsed, ClientRequest client, ClientPrincipal principal,
                    ServerResponse response, RequestInfo info, String requestId) {
    }

    /** Serves one request; always answers (success, upstream error or gateway error). */
    public void dispatch(ClientDialect dialect, ParsedRequest parsed, ClientRequest client, ClientPrincipal principal,
                         ServerResponse res, RequestInfo info, String requestId) {
        Exchange ex = new Exchange(dialect, parsed, client, principal, res, info, requestId);
        String model = parsed.request().model();
        info.model(model);
        List<RouteTarget> targets;
        try {
            targets = router.resolve(model);
        } catch (GatewayException e) {
            fail(ex, e, null, null);
            return;
        }
        Map<String, Set<Long>> tried = new HashMap<>();
        GatewayException last = null;
        NoAccountAvailable shortage = null;
        int attempts = 0;
        String lastProvider = null;
        String lastUpstreamModel = null;
        targets:
        for (RouteTarget t : targets) {
            ProviderInstance inst = t.instance();
            if (!inst.ready()) {
                LOG.fine(() -> "skipping provider " + inst.id() + ": " + inst.failure());
                continue;
            }
            Set<Long> excluded = tried.computeIfAbsent(inst.id(), k -> new HashSet<>());
            while (attempts < settings.maxAttempts()) {
                Lease lease = null;
                if (inst.provider().requiresAccount(client)) {
                    AccountPool.Result r = inst.pool().acquire(excluded, client.conversationKey());
                    if (r.lease() == null) {
                        shortage = r.shortage();
                        LOG.fine(() -> "no account on " + inst.id() + ": " + r.shortage().reason());
                        continue targets;
                    }
                    lease = r.lease();
                    excluded.add(lease.pooled().id());
                }
                attempts++;
                lastProvider = inst.id();
                lastUpstreamModel = t.upstreamModel();
                info.attempt();
                info.provider(inst.id());
                info.account(lease == null ? null : lease.pooled().name());
                try (Lease held = lease) {
                    new Attempt(ex, inst, t.upstreamModel(), held, heartbeat, usage, clock, settings, streams).run();
                    return;
                } catch (GatewayException raw) {
                    // The client is never told to wait longer than the pool lets a Retry-After cool an account.
                    GatewayException e = inst.pool().capRetryAfter(raw);
                    last = e;
                    final int n = attempts;
                    final String acct = lease == null ? "-" : lease.pooled().name();
                    LOG.log(e.kind().retryable() ? Level.INFO : Level.FINE, () -> "attempt " + n + " on "
                            + inst.id() + "/" + acct + " failed: " + e.kind() + ": " + e.getMessage());
                    if (!e.kind().retryable()) {
                        fail(ex, e, inst.id(), t.upstreamModel());
                        return;
                    }
                }
            }
            break;
        }
        fail(ex, finalError(last, shortage, targets), lastProvider, lastUpstreamModel);
    }

    /**
     * What to tell the client when no attempt succeeded: the upstream failure (502, or 504 for a timeout), 429 with
     * the soonest recovery when every account is cooling, 529 (Anthropic) / 503 (OpenAI) when no account is usable.
     */
    static GatewayException finalError(GatewayException last, NoAccountAvailable shortage, List<RouteTarget> targets) {
        if (last != null && (last.kind() == ErrorKind.UPSTREAM_RATE_LIMITED
                || last.kind() == ErrorKind.UPSTREAM_QUOTA_EXHAUSTED)) {
            Duration soonest = soonestRecovery(targets);
            Duration retry = soonest != null ? soonest : last.retryAfter();
            return GatewayException.builder(ErrorKind.UPSTREAM_RATE_LIMITED)
                    .message(last.kind() == ErrorKind.UPSTREAM_QUOTA_EXHAUSTED
                            ? "every upstream account is out of quota" : "upstream rate limit: " + last.getMessage())
                    .retryAfter(retry == null ? Duration.ofSeconds(60) : retry).build();
        }
        if (last != null) {
            return last;
        }
        if (shortage != null && shortage.transientShortage()) {
            return GatewayException.builder(ErrorKind.UPSTREAM_RATE_LIMITED).message(shortage.reason())
                    .retryAfter(shortage.retryAfter()).build();
        }
        return new GatewayException(ErrorKind.NO_CAPACITY, shortage == null ? "no upstream provider is available"
                : "no upstream account available: " + shortage.reason());
    }

    private static Duration soonestRecovery(List<RouteTarget> targets) {
        Duration best = null;
        for (RouteTarget t : targets) {
            Duration d = t.instance().pool().soonestRecovery();
            if (d != null && (best == null || d.compareTo(best) < 0)) {
                best = d;
            }
        }
        return best;
    }

    private void fail(Exchange ex, GatewayException e, String provider, String upstreamModel) {
        ex.info().errorKind(e.kind());
        if (!ex.response().isSent()) {
            ErrorResponses.send(ex.response(), ex.dialect().id(), e, ex.requestId());
        }
        AttemptUsage.record(usage, clock, ex, provider, null, upstreamModel, Usage.ZERO,
                ClientErrors.status(e.kind(), ex.dialect().id()), UsageOutcome.ERROR);
    }
}
