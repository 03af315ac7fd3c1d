package dev.switchboard.kernel.metrics;

import dev.switchboard.kernel.cost.Pricing;
import dev.switchboard.kernel.dispatch.RequestInfo;
import dev.switchboard.kernel.store.UsageOutcome;
import dev.switchboard.kernel.store.UsageRecord;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.model.Usage;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * The per-request meters, updated once when a request ends (never per stream event): requests by client API,
 * route model, provider, status class and error kind; latency and time-to-first-byte histograms; attempts and
 * failovers; tokens, cost and credits by provider, upstream model and client key. Updates are adder increments and
 * a map lookup per meter. Label values are bounded ({@link ModelLabels}; providers and keys are configured names).
 * Thread-safe.
 */
final class RequestMetrics {
    /** 1 ms to 120 s. */
    static final double[] LATENCY_BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
            20, 30, 60, 120};
    static final double[] ATTEMPT_BUCKETS = {1, 2, 3, 4, 5, 6, 8, 10};
    static final String NONE = "none";

    private final ModelLabels models;
    private final Pricing pricing;
    private final CacheTelemetry cache;
    private final Counter requests;
    private final Histogram latency;
    private final Histogram ttfb;
    private final Histogram attempts;
    private final Counter failovers;
    private final Counter aborted;
    private final Counter tokens;
    private final Counter cost;
    private final Counter unpriced;
    private final Counter credits;

    RequestMetrics(PrometheusRegistry registry, ModelLabels models, Pricing pricing, CacheTelemetry cache) {
        this.models = models;
        this.pricing = pricing;
        this.cache = cache;
        requests = Counter.builder().name("switchboard_requests_total")
                .help("Client API requests by API, route model, provider, status class and error kind")
                .labelNames("api", "route_model", "provider", "status_class", "error_kind").withoutExemplars()
                .register(registry);
        latency = Histogram.builder().name("switchboard_request_duration_seconds").unit(Unit.SECONDS)
                .help("Time from the request's arrival to the end of its answer (streams included)")
                .labelNames("api", "route_model", "provider").classicOnly().classicUpperBounds(LATENCY_BUCKETS)
                .withoutExemplars().register(registry);
        ttfb = Histogram.builder().name("switchboard_time_to_first_byte_seconds").unit(Unit.SECONDS)
                .help("Time from the request's arrival to the first byte of its answer")
                .labelNames("api", "route_model", "provider").classicOnly().classicUpperBounds(LATENCY_BUCKETS)
                .withoutExemplars().register(registry);
        attempts = Histogram.builder().name("switchboard_request_attempts")
                .help("Upstream attempts per dispatched request (accounts and route targets tried)")
                .labelNames("api").classicOnly().classicUpperBounds(ATTEMPT_BUCKETS).withoutExemplars()
                .register(registry);
        failovers = Counter.builder().name("switchboard_failovers_total")
                .help("Attempts after the first: failovers to another account or route target")
                .labelNames("api", "route_model").withoutExemplars().register(registry);
        aborted = Counter.builder().name("switchboard_aborted_requests_total")
                .help("Dispatched requests the client left before the answer was complete")
                .labelNames("api", "provider").withoutExemplars().register(registry);
        tokens = Counter.builder().name("switchboard_tokens_total")
                .help("Tokens by provider, upstream model, client key and kind (input = uncached input; "
                        + "cache_read / (input + cache_write + cache_read) is the prompt-cache hit ratio)")
                .labelNames("provider", "upstream_model", "client_key", "kind").withoutExemplars().register(registry);
        cost = Counter.builder().name("switchboard_cost_total")
                .help("Cost of the priced requests in " + pricing.currency() + ", from the price table")
                .labelNames("provider", "upstream_model", "client_key").withoutExemplars().register(registry);
        unpriced = Counter.builder().name("switchboard_unpriced_requests_total")
                .help("Requests with tokens whose upstream model has no price (missing from the cost)")
                .labelNames("provider", "upstream_model").withoutExemplars().register(registry);
        credits = Counter.builder().name("switchboard_credits_total")
                .help("Billing units the upstream metered itself (Kiro credits)")
                .labelNames("provider", "upstream_model", "client_key").withoutExemplars().register(registry);
    }

    /** The client API of a path (base-URL prefixes allowed), or null for every other route. */
    static String api(String path) {
        if (path.endsWith("/v1/messages")) {
            return "messages";
        }
        if (path.endsWith("/v1/messages/count_tokens")) {
            return "count_tokens";
        }
        if (path.endsWith("/v1/chat/completions")) {
            return "chat_completions";
        }
        if (path.endsWith("/v1/responses")) {
            return "responses";
        }
        if (path.endsWith("/v1/models") || path.contains("/v1/models/")) {
            return "models";
        }
        return null;
    }

    void ended(String api, int status, RequestInfo info) {
        String route = models.route(info.model());
        String provider = info.provider() == null ? NONE : info.provider();
        ErrorKind kind = info.errorKind();
        requests.labelValues(api, route, provider, (status / 100) + "xx",
                kind == null ? NONE : kind.name().toLowerCase(Locale.ROOT)).inc();
        latency.labelValues(api, route, provider).observe(info.elapsedMillis() / 1000.0);
        if (info.ttfbMillis() >= 0) {
            ttfb.labelValues(api, route, provider).observe(info.ttfbMillis() / 1000.0);
        }
        if (info.attempts() > 0) {
            attempts.labelValues(api).observe(info.attempts());
            if (info.attempts() > 1) {
                failovers.labelValues(api, route).inc(info.attempts() - 1);
            }
        }
        UsageRecord r = info.usage();
        if (r != null) {
            usage(api, r);
        }
    }

    private void usage(String api, UsageRecord r) {
        String provider = r.provider() == null ? NONE : r.provider();
        String upstream = models.upstream(r.upstreamModel());
        String key = r.clientKeyName() == null ? NONE : r.clientKeyName();
        Usage u = r.usage();
        if (r.outcome() == UsageOutcome.ABORTED) {
            aborted.labelValues(api, provider).inc();
        }
        add(provider, upstream, key, "input", u.inputTokens());
        add(provider, upstream, key, "output", u.outputTokens());
        add(provider, upstream, key, "cache_read", u.cacheReadInputTokens());
        add(provider, upstream, key, "cache_write", u.cacheCreationInputTokens());
        BigDecimal c = pricing.cost(r.provider(), r.upstreamModel(), u);
        if (c == null) {
            unpriced.labelValues(provider, upstream).inc();
        } else if (c.signum() > 0) {
            cost.labelValues(provider, upstream, key).inc(c.doubleValue());
        }
        if (u.credits() > 0) {
            credits.labelValues(provider, upstream, key).inc(u.credits());
        }
        cache.record(r.provider(), r.accountName(), u.promptTokens(), u.cacheReadInputTokens());
    }

    private void add(String provider, String upstream, String key, String kind, long n) {
        if (n > 0) {
            tokens.labelValues(provider, upstream, key, kind).inc(n);
        }
    }
}
