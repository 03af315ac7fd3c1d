package dev.switchboard.kernel.dispatch;

import dev.switchboard.spi.model.Usage;
import java.time.Instant;

/**
 * One answered (or failed, or aborted) request, as written to the usage table.
 *
 * @param at            when the request started
 * @param clientKey     client key name
 * @param clientKeyId   client key id, or null
 * @param provider      provider instance that served (or last tried), or null
 * @param account       account name, or null
 * @param routeModel    the model the client asked for
 * @param upstreamModel the model sent upstream, or null
 * @param usage         tokens (seen so far, for failed/aborted streams)
 * @param latencyMillis total time
 * @param ttftMillis    time to first byte, or -1
 * @param status        HTTP status sent to the client
 * @param outcome       {@code ok}, {@code error} or {@code aborted}
 * @param dialect       client dialect
 * @param stream        whether the client streamed
 */
public record UsageRecord(Instant at, String clientKey, Long clientKeyId, String provider, String account,
                          String routeModel, String upstreamModel, Usage usage, long latencyMillis, long ttftMillis,
                          int status, String outcome, String dialect, boolean stream) {
}
