package dev.switchboard.kernel.http;

import dev.switchboard.spi.ErrorKind;

/**
 * What the access log reports about one request, filled in by whoever learns it (dispatcher, auth).
 * Written and read by the request's own thread (the heartbeat thread touches nothing here).
 */
public final class RequestInfo {
    private final long startNanos = System.nanoTime();
    private volatile long firstByteNanos;
    private String model;
    private String provider;
    private String account;
    private String clientKey;
    private int attempts;
    private ErrorKind errorKind;

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

    /** How the request failed, set where its dialect error is rendered (the last call wins). */
    public void errorKind(ErrorKind kind) {
        this.errorKind = kind;
    }

    /** Marks the first byte sent to the client (only the first call counts). */
    public void firstByte() {
        if (firstByteNanos == 0) {
            firstByteNanos = System.nanoTime();
        }
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

    /** How the request failed, or null when it did not (or failed before a dialect error was rendered). */
    public ErrorKind errorKind() {
        return errorKind;
    }

    public long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** Milliseconds to the first byte, or -1 when none was sent. */
    public long ttfbMillis() {
        return firstByteNanos == 0 ? -1 : (firstByteNanos - startNanos) / 1_000_000;
    }
}
