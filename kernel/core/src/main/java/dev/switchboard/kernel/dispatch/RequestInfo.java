package dev.switchboard.kernel.dispatch;

import dev.switchboard.kernel.store.UsageRecord;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.wire.WireIds;

/**
 * What the access log and the metrics report about one request, filled in by whoever learns it (dispatcher,
 * auth). Written and read by the request's own thread (the heartbeat thread touches nothing here).
 */
public final class RequestInfo {
    private final long startNanos = System.nanoTime();
    private final String requestId = WireIds.requestId();
    private volatile long firstByteNanos;
    private String model;
    private String provider;
    private String account;
    private String clientKey;
    private int attempts;
    private ErrorKind errorKind;
    private UsageRecord usage;

    public void model(String m) {
        this.model = m;
    }

    public void provider(String p) {
        this.provider = p;
    }

    public void account(String a) {
        this.account = a;
    }

    public void clientKey(String k) {
        this.clientKey = k;
    }

    public void attempt() {
        attempts++;
    }

    /** The error the client was told about (an error answer or a stream's error end); the last one wins. */
    public void errorKind(ErrorKind k) {
        this.errorKind = k;
    }

    /** The request's usage row as the dispatcher recorded it (before pricing). */
    public void usage(UsageRecord r) {
        this.usage = r;
    }

    /** Marks the first byte sent to the client (only the first call counts). */
    public void firstByte() {
        if (firstByteNanos == 0) {
            firstByteNanos = System.nanoTime();
        }
    }

    /**
     * The request's id: sent to the client in {@code request-id} / {@code x-request-id} and written on every log
     * line of the request.
     */
    public String requestId() {
        return requestId;
    }

    public String model() {
        return model;
    }

    public String provider() {
        return provider;
    }

    public String account() {
        return account;
    }

    public String clientKey() {
        return clientKey;
    }

    public int attempts() {
        return attempts;
    }

    /** The error kind answered, or null when the request succeeded (or failed before it was classified). */
    public ErrorKind errorKind() {
        return errorKind;
    }

    /** The usage row, or null when the request was never dispatched. */
    public UsageRecord usage() {
        return usage;
    }

    public long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** Milliseconds to the first byte, or -1 when none was sent. */
    public long ttfbMillis() {
        return firstByteNanos == 0 ? -1 : (firstByteNanos - startNanos) / 1_000_000;
    }
}
