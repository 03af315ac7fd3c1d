package dev.switchboard.kernel.store;

import jakarta.json.JsonObject;
import java.util.Objects;

/**
 * What a caller declares about an account: from a YAML {@code accounts:} entry, the admin API or a flow.
 * Immutable.
 *
 * @param provider       provider instance id
 * @param name           account name, unique within the instance
 * @param credentials    the plugin's credential fields (secret; encrypted at rest, never logged)
 * @param tier           pool tier, 1 = tried first
 * @param weight         relative weight for the {@code weighted} strategy
 * @param maxConcurrency in-flight request limit, or null for none
 */
public record AccountSpec(String provider, String name, JsonObject credentials, int tier, int weight,
                          Integer maxConcurrency) {
    public AccountSpec {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(credentials, "credentials");
        if (tier < 1) {
            throw new IllegalArgumentException("tier must be at least 1, got " + tier + " for " + provider + "/" + name);
        }
        if (weight < 0) {
            throw new IllegalArgumentException("weight must not be negative, got " + weight + " for " + provider + "/" + name);
        }
        if (maxConcurrency != null && maxConcurrency < 1) {
            throw new IllegalArgumentException("max concurrency must be at least 1 for " + provider + "/" + name);
        }
    }

    /** Tier 1, weight 1, no concurrency limit. */
    public static AccountSpec of(String provider, String name, JsonObject credentials) {
        return new AccountSpec(provider, name, credentials, 1, 1, null);
    }

    @Override
    public String toString() {
        return "AccountSpec[" + provider + "/" + name + ", tier " + tier + ", weight " + weight + "]";
    }
}
