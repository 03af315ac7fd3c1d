package dev.switchboard.plugin.kiro.flow;

import dev.switchboard.plugin.kiro.auth.KiroCredentials;
import dev.switchboard.plugin.kiro.auth.KiroTokenRefresher;
import dev.switchboard.plugin.kiro.usage.UsageLimits;
import dev.switchboard.plugin.kiro.usage.UsageLimitsClient;
import dev.switchboard.spi.Account;
import dev.switchboard.spi.CredentialStore;
import dev.switchboard.spi.FlowField;
import dev.switchboard.spi.GatewayException;
import java.time.Clock;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * The common end of every add-account flow: make sure the access token is fresh (refresh when it is missing or
 * expiring), load the usage limits for the e-mail and account type, choose a name, and store the account through
 * the kernel's {@link CredentialStore}, which encrypts it. Thread-safe.
 */
final class AccountRegistrar {
    private static final int MAX_NAME = 100;
    /** The optional account name every Kiro flow takes (see {@link #checkName}). */
    static final FlowField NAME_FIELD = FlowField.optional("name", FlowField.Kind.TEXT, "Account name",
            "Empty: the account's e-mail");

    private final CredentialStore store;
    private final KiroTokenRefresher refresher;
    private final UsageLimitsClient usage;
    private final Clock clock;
    private final Duration margin;
    private final String instanceId;
    private final Logger log;

    AccountRegistrar(CredentialStore store, KiroTokenRefresher refresher, UsageLimitsClient usage, Clock clock,
                     Duration margin, String instanceId, Logger log) {
        this.store = store;
        this.refresher = refresher;
        this.usage = usage;
        this.clock = clock;
        this.margin = margin;
        this.instanceId = instanceId;
        this.log = log;
    }

    /**
     * Validates and stores one account.
     *
     * @param requestedName the admin's name, or null to derive one (e-mail, else method + machine id)
     * @param usageRequired true for imports (a failed usage load rejects the account); flows only log it
     */
    Account register(String requestedName, KiroCredentials creds, boolean usageRequired) throws GatewayException {
        String seedName = requestedName == null ? "flow" : requestedName;
        KiroCredentials c = creds.machineId() == null ? creds.withMachineId(KiroCredentials.randomMachineId()) : creds;
        if (c.accessToken() == null || c.expiresAt() == null || !c.expiresAt().isAfter(clock.instant().plus(margin))) {
            c = refresher.refreshCredentials(seedName, c, "switchboard-kiro:" + instanceId + "/" + seedName);
        }
        try {
            UsageLimits limits = usage.load(c, c.machineId());
            c = c.withProfile(limits.email(), limits.accountType());
        } catch (GatewayException e) {
            if (usageRequired) {
                throw e;
            }
            String why = e.getMessage();
            log.warning(() -> "stored a new Kiro account without its usage limits: " + why);
        }
        String name = name(requestedName, c);
        Account a = store.upsert(name, c.toJson());
        log.info(() -> "stored Kiro account '" + name + "' (" + a.credentials().getString("auth-method") + ")");
        return a;
    }

    /** Checks an admin-given name; null when none was given. */
    static String checkName(String name) throws GatewayException {
        if (name == null || name.isBlank()) {
            return null;
        }
        String n = name.trim();
        if (n.length() > MAX_NAME || n.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
            throw GatewayException.invalid("name", "an account name has at most " + MAX_NAME
                    + " characters and no control characters");
        }
        return n;
    }

    private static String name(String requested, KiroCredentials c) {
        if (requested != null) {
            return requested;
        }
        if (c.email() != null) {
            return c.email();
        }
        return c.authMethod().wire() + "-" + c.machineId().substring(0, 8);
    }
}
