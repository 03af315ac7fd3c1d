package dev.switchboard.spi.model;

/** Whether token figures were reported by the upstream or estimated by the gateway's counter. */
public enum UsageSource {
    UPSTREAM("upstream"), ESTIMATED("estimated");

    private final String wire;

    UsageSource(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
