package dev.switchboard.kernel.store;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.config.JdbiConfig;

/**
 * The database vendor as Jdbi configuration, so code that only holds a {@link Handle} (static helpers shared by
 * several repositories) can pick the vendor's SQL. Set once by {@link Database}; copies are per handle.
 */
public final class VendorConfig implements JdbiConfig<VendorConfig> {
    private DatabaseVendor vendor = DatabaseVendor.H2;

    public VendorConfig() {
    }

    private VendorConfig(VendorConfig other) {
        this.vendor = other.vendor;
    }

    void vendor(DatabaseVendor v) {
        this.vendor = v;
    }

    public DatabaseVendor vendor() {
        return vendor;
    }

    /** The vendor of the database behind a handle. */
    static DatabaseVendor of(Handle h) {
        return h.getConfig(VendorConfig.class).vendor;
    }

    @Override
    public VendorConfig createCopy() {
        return new VendorConfig(this);
    }
}
