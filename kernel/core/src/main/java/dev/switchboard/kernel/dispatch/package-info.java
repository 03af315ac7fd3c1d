/**
 * The attempt loop: route → lease an account → prepare → send through the instance's transport → decode →
 * write in the client's dialect → record usage. Retries and fail-over happen only on retryable errors and
 * only before the first byte reaches the client; after that a failure ends the stream with the dialect's
 * error event.
 */
package dev.switchboard.kernel.dispatch;
