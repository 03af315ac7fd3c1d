package dev.switchboard.kernel.store;

/** Where a client key was declared: the YAML file ({@code clients.keys}) or the admin API. */
public enum ClientKeySource {
    YAML("yaml"), ADMIN("admin");

    private final String wire;

    ClientKeySource(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static ClientKeySource fromWire(String s) {
        for (ClientKeySource k : values()) {
            if (k.wire.equals(s)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown client key source: " + s);
    }
}
