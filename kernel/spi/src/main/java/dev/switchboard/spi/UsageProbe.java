package dev.switchboard.spi;

/** Reads an account's quota figures from the upstream (billing or usage endpoints). Thread-safe. */
public interface UsageProbe {

    QuotaSnapshot probe(Account account) throws GatewayException;
}
