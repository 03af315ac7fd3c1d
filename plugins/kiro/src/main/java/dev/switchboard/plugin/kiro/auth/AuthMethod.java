package dev.switchboard.plugin.kiro.auth;

/** How a Kiro account signs in, with the {@code auth-method} names stored and written in YAML. */
public enum AuthMethod {
    /** Google/GitHub through the Kiro auth service; refreshes at {@code refreshToken}; sends {@code profileArn}. */
    SOCIAL("social"),
    /** AWS Builder ID through SSO OIDC. */
    BUILDER_ID("builder-id"),
    /** IAM Identity Center (enterprise) through SSO OIDC. */
    IDC("idc");

    private final String wire;

    AuthMethod(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** True for the OIDC methods (client credentials, {@code /token} refresh, no {@code profileArn}). */
    public boolean isOidc() {
        return this != SOCIAL;
    }

    /** Parses a stored name; null when unknown. */
    public static AuthMethod fromWire(String s) {
        for (AuthMethod m : values()) {
            if (m.wire.equals(s)) {
                return m;
            }
        }
        return null;
    }
}
