/**
 * The HTTP surface on Helidon SE: routing shared by {@code main} and tests, the one request filter and its stages
 * (access log, client read deadlines, drain on shutdown, admin gate, CORS, host check), path prefixes, health and
 * model listing. Handlers run on virtual threads.
 */
package dev.switchboard.kernel.http;
