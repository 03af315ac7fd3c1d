/**
 * The HTTP surface on Helidon SE: routing shared by {@code main} and tests, filters (access log, CORS,
 * drain on shutdown, path prefixes), health and model listing. Handlers run on virtual threads.
 */
package dev.switchboard.kernel.http;
