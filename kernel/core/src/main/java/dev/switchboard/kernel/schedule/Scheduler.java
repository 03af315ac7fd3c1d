package dev.switchboard.kernel.schedule;

import dev.switchboard.kernel.runtime.ProviderInstance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs each provider instance's {@link PoolMaintenance} periodically (helidon-scheduling is not available
 * at 4.3.0, so a {@link ScheduledExecutorService} ticks and the work runs on virtual threads). A pass that
 * is still running when the next tick comes is not started twice. Thread-safe.
 */
public final class Scheduler implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Scheduler.class.getName());

    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "switchboard-scheduler");
        t.setDaemon(true);
        return t;
    });
    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();

    /** Schedules maintenance of each instance at its shortest configured interval. */
    public void start(List<PoolMaintenance> maintenances) {
        for (PoolMaintenance m : maintenances) {
            ProviderInstance i = m.instance();
            var ps = i.entry().pool();
            Duration tick = min(min(ps.refreshCheckInterval(), ps.healthInterval()),
                    min(ps.recoveryInterval(), ps.usageSyncInterval()));
            AtomicBoolean running = new AtomicBoolean();
            long ms = Math.max(10, tick.toMillis());
            tasks.add(ticker.scheduleWithFixedDelay(() -> {
                if (running.compareAndSet(false, true)) {
                    Thread.ofVirtual().name("maintenance-" + i.id()).start(() -> {
                        try {
                            m.runOnce();
                        } catch (RuntimeException e) {
                            LOG.log(Level.WARNING, "maintenance of " + i.id() + " failed", e);
                        } finally {
                            running.set(false);
                        }
                    });
                }
            }, Math.min(ms, 1000), ms, TimeUnit.MILLISECONDS));
        }
    }

    /** Runs a gateway-wide task every {@code period} on a virtual thread (first run after one period). */
    public void every(Duration period, String name, Runnable task) {
        AtomicBoolean running = new AtomicBoolean();
        tasks.add(ticker.scheduleWithFixedDelay(() -> {
            if (running.compareAndSet(false, true)) {
                Thread.ofVirtual().name(name).start(() -> {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, name + " failed", e);
                    } finally {
                        running.set(false);
                    }
                });
            }
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    @Override
    public void close() {
        tasks.forEach(t -> t.cancel(false));
        ticker.shutdownNow();
    }
}
