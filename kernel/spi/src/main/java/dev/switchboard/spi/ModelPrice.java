package dev.switchboard.spi;

/**
 * What one upstream model costs, per million tokens of each kind, in the currency of the gateway's price table.
 * Plugins may ship defaults ({@link Provider#prices()}); the operator's table in {@code gateway.yaml} wins.
 * Immutable.
 *
 * @param input      uncached input tokens
 * @param output     generated tokens
 * @param cacheRead  tokens read from the prompt cache
 * @param cacheWrite tokens written to the prompt cache
 */
public record ModelPrice(double input, double output, double cacheRead, double cacheWrite) {

    public ModelPrice {
        check("input", input);
        check("output", output);
        check("cache-read", cacheRead);
        check("cache-write", cacheWrite);
    }

    private static void check(String what, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(what + " price must be a finite number >= 0, got " + v);
        }
    }
}
