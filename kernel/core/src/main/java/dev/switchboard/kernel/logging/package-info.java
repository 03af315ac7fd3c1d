/**
 * Logging support: the console handler that keeps log output off the request threads
 * ({@link dev.switchboard.kernel.logging.AsyncConsoleHandler}).
 */
package dev.switchboard.kernel.logging;
