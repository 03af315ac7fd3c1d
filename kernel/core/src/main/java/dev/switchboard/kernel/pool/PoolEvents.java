package dev.switchboard.kernel.pool;

/**
 * What happens to a pool that operators want to count: conversation affinity decisions, credential refreshes and
 * health checks. The pool and its maintenance report here; the metrics count. Implementations must be cheap and
 * never block (they run on request threads): counters only. Thread-safe.
 */
public interface PoolEvents {

    /** How a request with a conversation key was placed. */
    enum Affinity {
        /** The conversation's account served it. */
        HIT,
        /** The conversation had no account yet (new, or its pin expired). */
        MISS,
        /** Another account served it and the conversation now sticks to that one (its prompt cache starts over). */
        MOVED
    }

    /** How a credential refresh or a health check ended. */
    enum Outcome {
        OK,
        /** The upstream rejected the account's credential for good. */
        REJECTED,
        /** Any other failure (network, upstream error). */
        FAILED
    }

    void affinity(Affinity outcome);

    void refresh(Outcome outcome);

    void healthCheck(Outcome outcome);

    /** Counts nothing (pools built without metrics, tests). */
    PoolEvents NONE = new PoolEvents() {
        @Override
        public void affinity(Affinity outcome) {
        }

        @Override
        public void refresh(Outcome outcome) {
        }

        @Override
        public void healthCheck(Outcome outcome) {
        }
    };
}
