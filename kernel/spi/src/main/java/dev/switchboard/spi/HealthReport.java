package dev.switchboard.spi;

import java.util.Locale;
import java.util.Objects;

/**
 * What one health probe learned about an account. Only evidence about the credential — the upstream rejected it
 * (401, a 403 that names the credential or its permission), its quota is used up (402), it is rate-limited (429),
 * or it is banned — makes an account {@link Verdict#UNHEALTHY}, and then the failure's account effect applies.
 * An answer that proves nothing either way (a 200 that is not the expected JSON, a 5xx, a timeout, a probe endpoint
 * a relay does not forward) is {@link Verdict#UNKNOWN}: the kernel logs and shows it and leaves the account alone,
 * because taking a working account out of service on a probe's guess stops real traffic. Immutable.
 *
 * @param verdict what the probe concluded
 * @param quota   quota figures learned on the way, or null
 * @param failure for {@link Verdict#UNHEALTHY}, the classified failure whose account effect applies; else null
 * @param detail  why the verdict is not healthy (for admins; never holds secrets), or null when healthy
 */
public record HealthReport(Verdict verdict, QuotaSnapshot quota, GatewayException failure, String detail) {

    /** The three outcomes of a probe. */
    public enum Verdict {
        HEALTHY, UNHEALTHY, UNKNOWN;

        /** Name used in logs and the admin API. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public HealthReport {
        Objects.requireNonNull(verdict, "verdict");
        if (verdict == Verdict.UNHEALTHY && (failure == null || !isCredentialEvidence(failure.kind()))) {
            throw new IllegalArgumentException("an unhealthy verdict needs a failure about the credential");
        }
    }

    /** The credential works; {@code quota} may be null. */
    public static HealthReport healthy(QuotaSnapshot quota) {
        return new HealthReport(Verdict.HEALTHY, quota, null, null);
    }

    /** The probe could not tell: nothing changes. */
    public static HealthReport unknown(String detail) {
        return new HealthReport(Verdict.UNKNOWN, null, null, detail);
    }

    /**
     * A failed probe: {@link Verdict#UNHEALTHY} when the failure is evidence about the credential, else
     * {@link Verdict#UNKNOWN}. This is the one place that decides which failures count.
     */
    public static HealthReport failed(GatewayException e) {
        String detail = e.kind().name().toLowerCase(Locale.ROOT) + ": " + e.getMessage();
        return isCredentialEvidence(e.kind()) ? new HealthReport(Verdict.UNHEALTHY, null, e, detail)
                : new HealthReport(Verdict.UNKNOWN, null, null, detail);
    }

    /** Kinds that say something about the account itself rather than about the upstream or the probe. */
    public static boolean isCredentialEvidence(ErrorKind kind) {
        return switch (kind) {
            case UPSTREAM_AUTH, UPSTREAM_BANNED, UPSTREAM_QUOTA_EXHAUSTED, UPSTREAM_RATE_LIMITED -> true;
            default -> false;
        };
    }
}
