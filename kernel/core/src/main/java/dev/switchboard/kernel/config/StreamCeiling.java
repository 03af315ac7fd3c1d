package dev.switchboard.kernel.config;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * The default of {@code server.max-concurrent-streams}: as many chat requests as the heap and the process's
 * file-descriptor limit can carry, whichever is lower. An open stream costs at most {@value #HEAP_PER_STREAM}
 * bytes of heap (measured well below that, see docs/performance.md) and two sockets (client and upstream);
 * {@value #RESERVED_FDS} descriptors stay for the database, jars, plugins and the listener. With
 * {@code -Xmx256m} and 20,000 files that is about 9,900 streams.
 */
public final class StreamCeiling {
    static final long HEAP_PER_STREAM = 24 * 1024;
    static final long RESERVED_FDS = 256;

    private StreamCeiling() {
    }

    public static int defaultCeiling() {
        return ceiling(Runtime.getRuntime().maxMemory(), maxFileDescriptors());
    }

    /** The ceiling for a heap of {@code maxHeap} bytes and {@code maxFds} descriptors (0 or less: unknown). */
    static int ceiling(long maxHeap, long maxFds) {
        long byHeap = maxHeap / HEAP_PER_STREAM;
        long byFds = maxFds > 0 ? Math.max(1, (maxFds - RESERVED_FDS) / 2) : Long.MAX_VALUE;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.min(byHeap, byFds)));
    }

    private static long maxFileDescriptors() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return 0;
    }
}
