package dev.switchboard.kernel.metrics;

import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * JVM and process meters (heap and memory pools, GC, threads, class loading, buffer pools, open file
 * descriptors, CPU) of the Prometheus client's JVM instrumentation. They describe the process, not a gateway, so
 * they live in one registry per JVM: registering them per gateway would add GC listeners for every gateway a test
 * JVM starts. Thread-safe.
 */
final class JvmMeters {
    private JvmMeters() {
    }

    private static final class Holder {
        static final PrometheusRegistry REGISTRY = create();

        private static PrometheusRegistry create() {
            PrometheusRegistry r = new PrometheusRegistry();
            JvmMetrics.builder().register(r);
            return r;
        }
    }

    static PrometheusRegistry registry() {
        return Holder.REGISTRY;
    }
}
