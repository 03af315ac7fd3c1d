package dev.switchboard.clients;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Where the client tests write their matrix cells: {@code target/compat-results/run.tsv} (the system property
 * {@code compat.results}), emptied when the first test of a run records. {@link #check} runs a cell's assertions
 * and records {@code pass} or {@code fail} before rethrowing, so the file says what this run proved and nothing in
 * the working tree changes. Thread-safe.
 */
final class CompatResults {
    private static final Path FILE = Path.of(System.getProperty("compat.results", "target/compat-results"), "run.tsv");
    private static boolean started;

    private CompatResults() {
    }

    /** Assertions that may throw. */
    interface Check {
        void run() throws Exception;
    }

    /**
     * Runs {@code check} and records the cell's result.
     *
     * @param client     {@code codex}, {@code claude-code}, ...
     * @param version    the client version the request or binary came from
     * @param api        the client API: {@code anthropic}, {@code chat}, {@code responses}
     * @param source     {@code replay} or {@code cli}
     * @param upstream   the matrix column ({@link ClientsGateway.Upstream#label})
     * @param capability one of {@link CompatMatrix#CAPABILITIES}
     */
    static void check(String client, String version, String api, String source, String upstream, String capability,
                      Check check) throws Exception {
        if (!CompatMatrix.CAPABILITIES.contains(capability)) {
            throw new IllegalArgumentException("unknown capability " + capability);
        }
        boolean ok = false;
        try {
            check.run();
            ok = true;
        } finally {
            record(new CompatMatrix.Cell(client, version, api, source, upstream, capability, ok ? "pass" : "fail"));
        }
    }

    /** This run's cells so far. */
    static synchronized List<CompatMatrix.Cell> recorded() {
        return started ? CompatMatrix.read(FILE) : List.of();
    }

    private static synchronized void record(CompatMatrix.Cell cell) {
        try {
            if (!started) {
                Files.createDirectories(FILE.getParent());
                Files.writeString(FILE, CompatMatrix.HEADER + "\n", StandardCharsets.UTF_8);
                started = true;
            }
            Files.writeString(FILE, cell.line() + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
