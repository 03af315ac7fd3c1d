package dev.switchboard.kernel.pool;

import java.util.List;

/**
 * Orders the available accounts of one tier by preference for a request. The pool claims the first one
 * whose concurrency slot is free. Implementations are stateless or use atomics; thread-safe.
 */
public interface SelectionStrategy {

    /** Canonical name ({@code round-robin}, ...). */
    String name();

    /**
     * @param candidates available accounts of one tier, sorted by id, never empty
     * @return the same accounts in preference order
     */
    List<PooledAccount> order(List<PooledAccount> candidates);
}
