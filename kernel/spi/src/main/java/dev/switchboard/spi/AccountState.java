package dev.switchboard.spi;

/** Kernel account states (docs/architecture.md#account-states). Plugins read them; only the kernel changes them. */
public enum AccountState {
    ACTIVE("active"),
    COOLING("cooling"),
    EXHAUSTED("exhausted"),
    REAUTH_REQUIRED("reauth-required"),
    DISABLED("disabled"),
    BANNED("banned");

    private final String wire;

    AccountState(String wire) {
        this.wire = wire;
    }

    /** Name used in the database, the admin API and YAML. */
    public String wire() {
        return wire;
    }

    public static AccountState fromWire(String s) {
        for (AccountState a : values()) {
            if (a.wire.equals(s)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown account state: " + s);
    }
}
