/**
 * Reading server-sent events from an upstream. The reader splits on LF bytes before decoding UTF-8, so a
 * character split across reads survives. (Writing SSE to clients is the kernel's.)
 */
package dev.switchboard.wire.sse;
