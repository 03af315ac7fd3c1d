package dev.switchboard.kernel.cli;

/** A command that cannot go on: its message is printed after {@code switchboard: }, and the process exits. */
final class CliException extends Exception {
    private static final long serialVersionUID = 1L;
    /** Bad command line (as for the gateway's own options). */
    static final int USAGE = 2;
    /** The command failed. */
    static final int FAILED = 1;

    private final int exitCode;

    CliException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    static CliException usage(String message) {
        return new CliException(message, USAGE);
    }

    static CliException failed(String message) {
        return new CliException(message, FAILED);
    }

    int exitCode() {
        return exitCode;
    }
}
