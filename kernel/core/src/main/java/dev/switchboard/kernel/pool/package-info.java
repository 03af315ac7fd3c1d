/**
 * Account pools: per provider instance, accounts grouped in priority tiers, a selection strategy within a
 * tier, per-account concurrency limits, conversation affinity, and the account state machine
 * (docs/architecture.md#account-states).
 *
 * <p>Selection takes no global lock: it reads per-account atomics and claims an in-flight slot with a CAS,
 * retrying with the next candidate when a slot is taken concurrently. The chosen account travels with the
 * request in a {@link dev.switchboard.kernel.pool.Lease}; there is no shared "last selected" anywhere.
 */
package dev.switchboard.kernel.pool;
