/**
 * Wire codecs for the three dialects, shared by the kernel (client side) and the plugins (upstream side),
 * per decision 9: one implementation of each direction instead of one per plugin.
 *
 * <p>Naming: {@code XRequestReader} (wire → canonical), {@code XRequestWriter} (canonical → wire),
 * {@code XResponseWriter} (unary canonical → wire), {@code XStreamWriter} (canonical events → wire SSE),
 * {@code XStreamDecoder} (wire SSE → canonical events, a {@link dev.switchboard.spi.ResponseDecoder}),
 * {@code XErrors} (error bodies and status mapping). Readers, writers and decoders of one request are
 * single-threaded objects; the static helpers are stateless.
 */
package dev.switchboard.spi.wire;
