package dev.switchboard.kernel.store;

/** Who created a stored account: the YAML file, the admin API, or a plugin's add-account flow. */
public enum AccountSource {
    YAML("yaml"), ADMIN("admin"), FLOW("flow");

    private final String wire;

    AccountSource(String wire) {
        this.wire = wire;
    }

    /** Name in the database and the admin API. */
    public String wire() {
        return wire;
    }

    public static AccountSource fromWire(String s) {
        for (AccountSource a : values()) {
            if (a.wire.equals(s)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown account source: " + s);
    }
}
