package dev.switchboard.kernel.store;

/** How a request ended, for usage rows: answered, failed, or aborted (client gone, stream cut). */
public enum UsageOutcome {
    OK("ok"), ERROR("error"), ABORTED("aborted");

    private final String wire;

    UsageOutcome(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
