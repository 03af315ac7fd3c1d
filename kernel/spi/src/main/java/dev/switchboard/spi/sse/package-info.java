/**
 * Server-sent events, both directions. The reader splits on LF bytes before decoding UTF-8, so a
 * character split across reads survives; the writer produces one frame per event for immediate flushing.
 */
package dev.switchboard.spi.sse;
