package dev.switchboard.kernel.store;

import dev.switchboard.spi.Dialect;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.model.Usage;
import java.math.BigDecimal;
import java.util.Objects;
import java.time.Instant;

/**
 * One usage row: a request the gateway answered (also failed and aborted ones, with the tokens seen).
 * Immutable. Nullable fields are those that may be unknown when a request fails early.
 *
 * @param ts            when the request was recorded; its UTC day is the row's day
 * @param clientKeyId   the client key's id, or null (loopback mode without keys)
 * @param clientKeyName the client key's name, or null
 * @param provider      provider instance that served it, or null if none was reached
 * @param accountName   account that served it, or null
 * @param routeModel    the model the client asked for
 * @param upstreamModel the model sent upstream, or null
 * @param usage         token figures and whether they are upstream or estimated, plus metered credits
 * @param latencyMs     total time, or null
 * @param ttftMs        time to first token, or null (unary, or no token)
 * @param status        HTTP status answered to the client, or null
 * @param outcome       ok, error or aborted
 * @param dialect       the client's dialect, or null
 * @param stream        whether the client asked for a stream
 * @param errorKind     how the request failed, or null (answered, aborted, or failed without a classified kind)
 * @param attempts      upstream attempts made (0 when none was reached); kept in memory only, not stored
 * @param cost          what the tokens cost in the price table's currency; null when not priced (yet, or because
 *                      the upstream model has no price). See {@code cost.Pricing}.
 */
public record UsageRecord(Instant ts, Long clientKeyId, String clientKeyName, String provider, String accountName,
                          String routeModel, String upstreamModel, Usage usage, Long latencyMs, Long ttftMs,
                          Integer status, UsageOutcome outcome, Dialect dialect, boolean stream, ErrorKind errorKind,
                          int attempts, BigDecimal cost) {
    public UsageRecord {
        Objects.requireNonNull(ts, "ts");
        Objects.requireNonNull(outcome, "outcome");
        usage = usage == null ? Usage.ZERO : usage;
    }

    /** A row without an error kind, attempt count or cost (rows written by tools and tests). */
    public UsageRecord(Instant ts, Long clientKeyId, String clientKeyName, String provider, String accountName,
                       String routeModel, String upstreamModel, Usage usage, Long latencyMs, Long ttftMs,
                       Integer status, UsageOutcome outcome, Dialect dialect, boolean stream) {
        this(ts, clientKeyId, clientKeyName, provider, accountName, routeModel, upstreamModel, usage, latencyMs, ttftMs,
                status, outcome, dialect, stream, null, 0, null);
    }

    /** A priced row without an error kind or attempt count (rows written by tools and tests). */
    public UsageRecord(Instant ts, Long clientKeyId, String clientKeyName, String provider, String accountName,
                       String routeModel, String upstreamModel, Usage usage, Long latencyMs, Long ttftMs,
                       Integer status, UsageOutcome outcome, Dialect dialect, boolean stream, BigDecimal cost) {
        this(ts, clientKeyId, clientKeyName, provider, accountName, routeModel, upstreamModel, usage, latencyMs, ttftMs,
                status, outcome, dialect, stream, null, 0, cost);
    }

    /** The error kind as stored and shown: the enum name in lower case ({@code upstream_server}), or null. */
    public String errorKindWire() {
        return errorKind == null ? null : errorKind.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** This row with its cost. */
    public UsageRecord withCost(BigDecimal c) {
        return new UsageRecord(ts, clientKeyId, clientKeyName, provider, accountName, routeModel, upstreamModel, usage,
                latencyMs, ttftMs, status, outcome, dialect, stream, errorKind, attempts, c);
    }
}
