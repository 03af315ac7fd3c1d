package dev.switchboard.kernel.metrics;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Prompt-cache hits per provider and account over the last hour: how much of the prompt the upstream read from
 * its cache. Rotating accounts silently breaks prompt caching (each account has its own cache), so this is the
 * figure that shows whether conversation affinity keeps working.
 *
 * <p>The ratio is {@code cache-read / (input + cache-write + cache-read)} tokens, summed over the window: every
 * prompt token counts, and a cache write is a miss. Each account keeps sixty one-minute slots; recording is an
 * adder increment (a slot is replaced by compare-and-set when its minute is over), so request threads never
 * block, and an increment racing a slot's replacement at a minute boundary may be lost. Reads sum the slots of
 * the last sixty minutes. Thread-safe.
 */
public final class CacheTelemetry {
    public static final Duration WINDOW = Duration.ofHours(1);
    private static final int SLOTS = 60;
    private static final long SLOT_MILLIS = WINDOW.toMillis() / SLOTS;

    private final Clock clock;
    private final Map<Key, Window> windows = new ConcurrentHashMap<>();

    private record Key(String provider, String account) {
    }

    private record Slot(long index, LongAdder prompt, LongAdder cacheRead) {
    }

    /**
     * Prompt and cache-read tokens of one account (or a whole provider, with a null account) in the window.
     *
     * @param account the account, or null for a provider's total
     */
    public record Ratio(String provider, String account, long promptTokens, long cacheReadTokens) {
        /** Cache-read share of the prompt tokens, or null without prompt tokens. */
        public Double ratio() {
            return promptTokens == 0 ? null : (double) cacheReadTokens / promptTokens;
        }

        Ratio plus(Ratio o) {
            return new Ratio(provider, null, promptTokens + o.promptTokens, cacheReadTokens + o.cacheReadTokens);
        }
    }

    public CacheTelemetry(Clock clock) {
        this.clock = clock;
    }

    /**
     * Records one answered request.
     *
     * @param promptTokens    input plus cache-write plus cache-read tokens
     * @param cacheReadTokens tokens read from the prompt cache
     */
    public void record(String provider, String account, long promptTokens, long cacheReadTokens) {
        if (provider == null || account == null || promptTokens <= 0) {
            return;
        }
        Window w = windows.computeIfAbsent(new Key(provider, account), k -> new Window());
        Slot s = w.current(clock.millis() / SLOT_MILLIS);
        s.prompt().add(promptTokens);
        s.cacheRead().add(cacheReadTokens);
    }

    /** Every account with prompt tokens in the window, by provider and account; forgets idle ones. */
    public List<Ratio> accounts() {
        long now = clock.millis() / SLOT_MILLIS;
        List<Ratio> out = new ArrayList<>();
        windows.entrySet().removeIf(e -> {
            long[] sums = e.getValue().sum(now);
            if (sums[0] == 0) {
                return true;
            }
            out.add(new Ratio(e.getKey().provider(), e.getKey().account(), sums[0], sums[1]));
            return false;
        });
        out.sort(Comparator.comparing(Ratio::provider).thenComparing(Ratio::account));
        return out;
    }

    /** One total per provider with prompt tokens in the window. */
    public List<Ratio> providers() {
        Map<String, Ratio> byProvider = new java.util.TreeMap<>();
        for (Ratio r : accounts()) {
            byProvider.merge(r.provider(), new Ratio(r.provider(), null, r.promptTokens(), r.cacheReadTokens()),
                    Ratio::plus);
        }
        return new ArrayList<>(byProvider.values());
    }

    /** Sixty one-minute slots of one account. */
    private static final class Window {
        private final AtomicReferenceArray<Slot> slots = new AtomicReferenceArray<>(SLOTS);

        Slot current(long index) {
            int i = (int) (index % SLOTS);
            while (true) {
                Slot s = slots.get(i);
                if (s != null && s.index() >= index) {
                    return s; // this minute's slot (or, for a thread that read the clock late, the next one's)
                }
                Slot fresh = new Slot(index, new LongAdder(), new LongAdder());
                if (slots.compareAndSet(i, s, fresh)) {
                    return fresh;
                }
            }
        }

        /** {prompt, cacheRead} over the slots of the last hour. */
        long[] sum(long now) {
            long prompt = 0;
            long read = 0;
            for (int i = 0; i < SLOTS; i++) {
                Slot s = slots.get(i);
                if (s != null && s.index() > now - SLOTS && s.index() <= now) {
                    prompt += s.prompt().sum();
                    read += s.cacheRead().sum();
                }
            }
            return new long[]{prompt, read};
        }
    }
}
