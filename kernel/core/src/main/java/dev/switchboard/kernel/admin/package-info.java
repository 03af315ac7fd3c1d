/**
 * The admin API under {@code /admin} (JSON; documented in the README): login sessions with expiry and
 * throttling, providers and their account pools, add-account flows, client keys, usage reports and the
 * effective configuration with secrets masked. Every route but {@code POST /admin/login} needs a session.
 */
package dev.switchboard.kernel.admin;
