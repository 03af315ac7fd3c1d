package dev.switchboard.kernel.metrics;

import dev.switchboard.kernel.config.RouteEntry;
import dev.switchboard.kernel.cost.Pricing;
import dev.switchboard.kernel.dispatch.RequestInfo;
import dev.switchboard.kernel.http.RequestListener;
import dev.switchboard.kernel.runtime.ProviderInstance;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The gateway's meters, exported by {@code GET /metrics}: one registry per gateway for its own meters plus the
 * process-wide JVM meters. Requests are counted once, when they end ({@link #ended}, called by the access-log
 * filter); pools report through the {@link dev.switchboard.kernel.pool.PoolEvents} installed here. Thread-safe.
 */
public final class GatewayMetrics implements RequestListener {
    private static final Logger LOG = Logger.getLogger(GatewayMetrics.class.getName());

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final RequestMetrics requests;

    /**
     * Registers the meters and installs each pool's event counters.
     *
     * @param backlog how many usage rows were handed to the usage writer and are not durable yet (its queue, or
     *                the writes in progress of a writer that commits each row synchronously); read at every
     *                scrape, so it must be cheap. A growing backlog means the database cannot keep up.
     */
    public GatewayMetrics(List<RouteEntry> routes, List<ProviderInstance> providers, Pricing pricing,
                          CacheTelemetry cache, LongSupplier backlog) {
        ModelLabels labels = ModelLabels.of(routes, providers, pricing.pricedModels());
        this.requests = new RequestMetrics(registry, labels, pricing, cache);
        PoolMetrics pools = new PoolMetrics(registry, providers, cache, backlog);
        for (ProviderInstance i : providers) {
            i.pool().events(pools.events(i.id()));
        }
    }

    /** Counts one ended request of a client API; other routes (health, admin, metrics) are not counted. */
    @Override
    public void ended(String path, int status, RequestInfo info) {
        String api = RequestMetrics.api(path);
        if (api == null) {
            return;
        }
        try {
            requests.ended(api, status, info);
        } catch (RuntimeException e) {
            // A metrics defect must not turn an answered request into an error; it is logged, not hidden.
            LOG.log(Level.WARNING, "could not count request " + info.requestId(), e);
        }
    }

    /** Everything {@code /metrics} exports, gateway meters first. */
    public MetricSnapshots scrape() {
        MetricSnapshots.Builder b = MetricSnapshots.builder();
        for (MetricSnapshot s : registry.scrape()) {
            b.metricSnapshot(s);
        }
        for (MetricSnapshot s : JvmMeters.registry().scrape()) {
            b.metricSnapshot(s);
        }
        return b.build();
    }
}
