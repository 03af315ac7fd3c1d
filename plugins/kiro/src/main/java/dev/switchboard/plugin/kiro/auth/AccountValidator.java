package dev.switchboard.plugin.kiro.auth;

import dev.switchboard.plugin.kiro.KiroSettings;
import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.PluginConfig;
import java.util.Set;

/**
 * Checks a YAML (or admin API) {@code accounts:} entry of a {@code kiro} instance before the kernel stores it: the
 * sign-in method, the tokens it needs, times, regions and the machine id. Stateless.
 */
public final class AccountValidator {
    /** Plugin-owned keys of an {@code accounts:} entry. */
    public static final Set<String> KEYS = Set.of("auth-method", "access-token", "refresh-token", "expires-at",
            "profile-arn", "client-id", "client-secret", "client-secret-expires-at", "region", "api-region",
            "start-url", "machine-id", "provider", "email");
    /** Those that hold secrets. */
    public static final Set<String> SECRET_KEYS = Set.of("access-token", "refresh-token", "client-secret");

    private AccountValidator() {
    }

    /**
     * Validates one entry.
     *
     * @throws ConfigException naming the key and the problem
     */
    public static void validate(PluginConfig entry) throws ConfigException {
        String clientId = entry.string("client-id").filter(s -> !s.isBlank()).orElse(null);
        String methodName = entry.string("auth-method").orElse(null);
        AuthMethod method;
        if (methodName == null) {
            if (clientId != null) {
                method = AuthMethod.BUILDER_ID;
            } else if (entry.has("profile-arn")) {
                method = AuthMethod.SOCIAL;
            } else {
                throw entry.problem("auth-method", "is required (social, builder-id or idc)");
            }
        } else {
            method = AuthMethod.fromWire(methodName.trim());
            if (method == null) {
                throw entry.problem("auth-method", "must be social, builder-id or idc, got '" + methodName + "'");
            }
        }
        String refresh = entry.secret("refresh-token").orElse(null);
        String access = entry.secret("access-token").orElse(null);
        if (refresh == null && access == null) {
            throw entry.problem("refresh-token", "is required (an access token alone expires within the hour)");
        }
        if (method.isOidc() && refresh != null) {
            if (clientId == null) {
                throw entry.problem("client-id", "is required for " + method.wire() + " accounts");
            }
            if (entry.secret("client-secret").isEmpty()) {
                throw entry.problem("client-secret", "is required for " + method.wire() + " accounts");
            }
        }
        time(entry, "expires-at");
        time(entry, "client-secret-expires-at");
        region(entry, "region");
        region(entry, "api-region");
        String machineId = entry.string("machine-id").orElse(null);
        if (machineId != null && !KiroCredentials.isMachineId(machineId)) {
            throw entry.problem("machine-id", "must be 64 lower-case hex digits");
        }
        String startUrl = entry.string("start-url").orElse(null);
        if (startUrl != null && !startUrl.startsWith("https://")) {
            throw entry.problem("start-url", "must be an https URL");
        }
        String provider = entry.string("provider").orElse(null);
        if (provider != null && !provider.equals("google") && !provider.equals("github")) {
            throw entry.problem("provider", "must be google or github");
        }
        String arn = entry.string("profile-arn").orElse(null);
        if (arn != null && !arn.startsWith("arn:aws:codewhisperer:")) {
            throw entry.problem("profile-arn", "must be an arn:aws:codewhisperer:… profile ARN");
        }
    }

    private static void time(PluginConfig entry, String key) throws ConfigException {
        String v = entry.string(key).orElse(null);
        if (v != null && KiroCredentials.parseInstant(v) == null) {
            throw entry.problem(key, "must be an ISO-8601 time such as 2026-01-31T12:00:00Z, got '" + v + "'");
        }
    }

    private static void region(PluginConfig entry, String key) throws ConfigException {
        String v = entry.string(key).orElse(null);
        if (v != null && !KiroSettings.isRegion(v)) {
            throw entry.problem(key, "must be an AWS region such as us-east-1, got '" + v + "'");
        }
    }
}
