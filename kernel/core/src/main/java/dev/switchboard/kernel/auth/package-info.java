/**
 * Client authentication and limits: gateway keys from YAML and the database (salted hashes, constant-time
 * checks), loopback-only mode when no key exists (decision 23), per-key model allow-lists, requests per
 * minute and token quotas (decision 13).
 */
package dev.switchboard.kernel.auth;
