/**
 * Client authentication and limits: gateway keys from YAML and the database (salted hashes, constant-time
 * checks), loopback-only mode when no key exists (docs/architecture.md#loopback-mode), per-key model allow-lists,
 * requests per minute and token quotas (429, the message naming the quota).
 */
package dev.switchboard.kernel.auth;
