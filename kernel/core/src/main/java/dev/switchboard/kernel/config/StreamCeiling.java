package dev.switchboard.kernel.config;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * The default of {@code server.max-concurrent-streams}: as many chat requests as the heap and the process's
 * file-descriptor limit can carry, whichever is lower, so that overload is refused at the door instead of running
 * the heap out (every stream would then fail together). An open stream holds about {@value #HEAP_PER_STREAM}
 * bytes of heap (measured with small requests: 36–44 KB to a plain-http upstream, mostly the request thread's
 * stack and the client socket's 8 KB read buffer; 58–64 KB to a TLS upstream, whose stack is deeper and whose
 * JDK TLS socket keeps its own buffers; see docs/performance.md); streams may use {@value #HEAP_SHARE_PERCENT} % of the heap, less
 * {@value #RESERVED_HEAP} bytes for the gateway itself (about 20 MB idle plus the token counter's 28 MB of tables),
 * leaving the collector room to work. Each stream holds
 * two sockets (client and upstream); {@value #RESERVED_FDS} descriptors stay for the database, jars, plugins and
 * the listener. With {@code -Xmx256m} that is about 2,690 streams, with {@code -Xmx512m} about 6,360.
 */
public final class StreamCeiling {
    static final long HEAP_PER_STREAM = 50 * 1024;
    static final long RESERVED_HEAP = 48L * 1024 * 1024;
    static final int HEAP_SHARE_PERCENT = 70;
    static final long RESERVED_FDS = 256;

    private StreamCeiling() {
    }

    public static int defaultCeiling() {
        return ceiling(Runtime.getRuntime().maxMemory(), maxFileDescriptors());
    }

    /** The ceiling for a heap of {@code maxHeap} bytes and {@code maxFds} descriptors (0 or less: unknown). */
    static int ceiling(long maxHeap, long maxFds) {
        long byHeap = (maxHeap / 100 * HEAP_SHARE_PERCENT - RESERVED_HEAP) / HEAP_PER_STREAM;
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
