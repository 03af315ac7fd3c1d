package dev.switchboard.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.spi.HealthReport.Verdict;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Only evidence about the credential makes a probe unhealthy; everything else it may see is unknown. */
class HealthReportTest {
    private static final Set<ErrorKind> EVIDENCE = EnumSet.of(ErrorKind.UPSTREAM_AUTH, ErrorKind.UPSTREAM_BANNED,
            ErrorKind.UPSTREAM_QUOTA_EXHAUSTED, ErrorKind.UPSTREAM_RATE_LIMITED);

    @Test
    void everyKindHasItsVerdict() {
        for (ErrorKind kind : ErrorKind.values()) {
            GatewayException e = new GatewayException(kind, "because");
            HealthReport r = HealthReport.failed(e);
            if (EVIDENCE.contains(kind)) {
                assertEquals(Verdict.UNHEALTHY, r.verdict(), kind.name());
                assertSame(e, r.failure());
            } else {
                assertEquals(Verdict.UNKNOWN, r.verdict(), kind + " says nothing about the credential");
                assertNull(r.failure(), "nothing to apply");
            }
            assertEquals(kind.name().toLowerCase(java.util.Locale.ROOT) + ": because", r.detail());
        }
    }

    @Test
    void anUnhealthyVerdictNeedsCredentialEvidence() {
        assertThrows(IllegalArgumentException.class, () -> new HealthReport(Verdict.UNHEALTHY, null,
                new GatewayException(ErrorKind.UPSTREAM_SERVER, "5xx"), "x"));
        assertThrows(IllegalArgumentException.class, () -> new HealthReport(Verdict.UNHEALTHY, null, null, "x"));
        assertEquals("healthy", HealthReport.healthy(null).verdict().wire());
    }
}
