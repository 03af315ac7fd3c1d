package dev.switchboard.kernel.pool;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The selection strategies and their names. The vocabulary is Switchboard's; the reference proxies' names
 * are accepted as aliases so their users can migrate (droid2api and its key-pool fork, OctoProxy).
 */
public final class Strategies {
    /** Canonical names. */
    public static final List<String> NAMES = List.of("round-robin", "random", "lru", "least-used", "least-tokens",
            "least-in-flight", "weighted", "most-remaining", "least-remaining", "oldest-first");

    /** Aliases → canonical names. */
    public static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("round_robin", "round-robin"),
            Map.entry("weighted-score", "weighted"),
            Map.entry("least-token-used", "least-tokens"),
            Map.entry("max-remaining", "most-remaining"),
            Map.entry("least_usage", "least-remaining"),
            Map.entry("most_usage", "most-remaining"),
            Map.entry("oldest_first", "oldest-first"),
            Map.entry("least_used", "least-used"));

    private Strategies() {
    }

    /** The canonical name for a name or alias, or null when unknown. */
    public static String canonical(String name) {
        if (name == null) {
            return null;
        }
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (NAMES.contains(n)) {
            return n;
        }
        return ALIASES.get(n);
    }

    /** Creates a strategy by name or alias; a fresh instance per tier (round-robin keeps a counter). */
    public static SelectionStrategy create(String name) {
        String c = canonical(name);
        if (c == null) {
            throw new IllegalArgumentException("unknown strategy '" + name + "' (known: " + String.join(", ", NAMES)
                    + "; aliases: " + String.join(", ", ALIASES.keySet()) + ")");
        }
        return switch (c) {
            case "round-robin" -> new RoundRobin();
            case "random" -> sorted(c, null, true);
            case "lru" -> sorted(c, Comparator.comparing(PooledAccount::lastUsed,
                    Comparator.nullsFirst(Comparator.<Instant>naturalOrder())), false);
            case "least-used" -> sorted(c, Comparator.comparingLong(PooledAccount::requests), false);
            case "least-tokens" -> sorted(c, Comparator.comparingLong(PooledAccount::tokens), false);
            case "least-in-flight" -> sorted(c, Comparator.comparingInt(PooledAccount::inFlight), false);
            case "weighted" -> new Weighted();
            case "most-remaining" -> sorted(c, Comparator.comparingDouble(Strategies::remaining).reversed(), false);
            case "least-remaining" -> sorted(c, Comparator.comparingDouble(Strategies::remaining), false);
            case "oldest-first" -> sorted(c, Comparator.comparing(PooledAccount::createdAt,
                    Comparator.nullsLast(Comparator.<Instant>naturalOrder())), false);
            default -> throw new IllegalStateException(c);
        };
    }

    private static double remaining(PooledAccount a) {
        return a.quota() == null ? 1.0 : a.quota().remainingFraction();
    }

    /** A comparator strategy; ties keep id order (the candidates arrive sorted by id and sort is stable). */
    private static SelectionStrategy sorted(String name, Comparator<PooledAccount> cmp, boolean shuffle) {
        return new SelectionStrategy() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<PooledAccount> order(List<PooledAccount> candidates) {
                List<PooledAccount> out = new ArrayList<>(candidates);
                if (shuffle) {
                    java.util.Collections.shuffle(out, ThreadLocalRandom.current());
                } else {
                    out.sort(cmp);
                }
                return out;
            }
        };
    }

    /** Rotates the starting point with an atomic counter; the rest follow in id order as fallbacks. */
    private static final class RoundRobin implements SelectionStrategy {
        private final AtomicLong next = new AtomicLong();

        @Override
        public String name() {
            return "round-robin";
        }

        @Override
        public List<PooledAccount> order(List<PooledAccount> candidates) {
            int n = candidates.size();
            int start = (int) Math.floorMod(next.getAndIncrement(), (long) n);
            List<PooledAccount> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(candidates.get((start + i) % n));
            }
            return out;
        }
    }

    /**
     * Weighted random by weight × health score for the pick; the fallbacks (used only when the pick's concurrency
     * slot is taken) follow in id order from there. One pass: O(n) even for large tiers.
     */
    private static final class Weighted implements SelectionStrategy {
        @Override
        public String name() {
            return "weighted";
        }

        @Override
        public List<PooledAccount> order(List<PooledAccount> candidates) {
            int n = candidates.size();
            double total = 0;
            for (PooledAccount a : candidates) {
                total += score(a);
            }
            double r = ThreadLocalRandom.current().nextDouble() * total;
            int pick = n - 1;
            for (int i = 0; i < n; i++) {
                r -= score(candidates.get(i));
                if (r < 0) {
                    pick = i;
                    break;
                }
            }
            List<PooledAccount> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(candidates.get((pick + i) % n));
            }
            return out;
        }

        private static double score(PooledAccount a) {
            return Math.max(1e-6, a.weight() * a.healthScore());
        }
    }
}
