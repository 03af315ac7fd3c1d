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
 * the listener. With {@code -Xmx256m} that is about 2,690 streams, with {@code -Xmx512m} about 6,360. The same share
 * of the heap is the default of {@code server.max-stream-heap}, which weighs each request by its body
 * ({@link #heapCost}), since a large request keeps its text for as long as its stream runs.
 */
public final class StreamCeiling {
    static final long HEAP_PER_STREAM = 50 * 1024;
    /**
     * Heap an open stream holds per byte of its request body, beyond {@link #HEAP_PER_STREAM}: it keeps the
     * canonical request (and its client's tree) for as long as it runs. Measured with Claude Code requests of
     * 50 KB through openai-compat: 196 KB per open stream against 39 KB for a 107-byte request.
     */
    static final int HEAP_PER_BODY_BYTE = 3;
    static final long RESERVED_HEAP = 48L * 1024 * 1024;
    static final int HEAP_SHARE_PERCENT = 70;
    static final long RESERVED_FDS = 256;

    private StreamCeiling() {
    }

    /** The default of {@code server.max-stream-heap}: the share of the heap that open streams may hold. */
    public static long defaultHeapBudget() {
        return heapBudget(Runtime.getRuntime().maxMemory());
    }

    static long heapBudget(long maxHeap) {
        return Math.max(HEAP_PER_STREAM, maxHeap / 100 * HEAP_SHARE_PERCENT - RESERVED_HEAP);
    }

    /** The heap one open stream holds by this model, for a request body of {@code bodyBytes}. */
    public static long heapCost(long bodyBytes) {
        return HEAP_PER_STREAM + HEAP_PER_BODY_BYTE * Math.max(0, bodyBytes);
    }

    public static int defaultCeiling() {
        return ceiling(Runtime.getRuntime().maxMemory(), maxFileDescriptors());
    }

    /** The ceiling for a heap of {@code maxHeap} bytes and {@code maxFds} descriptors (0 or less: unknown). */
    static int ceiling(long maxHeap, long maxFds) {
        long byHeap = heapBudget(maxHeap) / HEAP_PER_STREAM; // as many small requests as the budget holds
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
