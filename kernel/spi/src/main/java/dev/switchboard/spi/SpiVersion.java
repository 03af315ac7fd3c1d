package dev.switchboard.spi;

/**
 * The version of this SPI, which the kernel checks every plugin against before it starts it.
 *
 * <p>Scheme: {@code MAJOR.MINOR.PATCH} (semantic versioning). A <b>minor</b> release only adds: a new type, a
 * new default method, a new record in a new place, a new enum constant a plugin does not have to handle — a
 * plugin built against {@code 2.0} runs unchanged on every {@code 2.x}. A <b>major</b> release breaks: a type or
 * member removed, renamed or moved to another package, a signature changed, a method made abstract, a behaviour
 * a plugin relies on changed. A <b>patch</b> changes documentation or fixes a bug without touching a signature.
 *
 * <p>A plugin declares the range it accepts in its descriptor ({@code plugin.requires} in
 * {@code plugin.properties}, PF4J's {@code Plugin-Requires}), normally {@link #PLUGIN_RANGE}: from the SPI it was
 * built against up to, not including, the next major. The kernel refuses a plugin whose range does not contain
 * {@link #VERSION}, names both in its log and in {@code /health/ready}, and keeps serving the others.
 *
 * <p>The same version is in the SPI jar's manifest ({@code Switchboard-SPI-Version}) and in its resource
 * {@code META-INF/switchboard-spi.properties}; the build writes both from the parent POM's
 * {@code switchboard.spi.version}, and a test keeps this constant equal to them.
 *
 * <p>History: 1 — the first SPI, with the wire codecs inside it; 2 — the wire codecs moved out into their own
 * library ({@code dev.switchboard.wire}) and the client dialects into the kernel; 2.1 — added
 * {@code Provider.prepareCountTokens} (an upstream token count for Anthropic clients), {@link Provider#hostedTools}
 * and {@link HostedToolPolicy} (what an upstream does with hosted tools); 2.2 — added
 * {@code spi.stream.StreamBuilder} (the one producer of the stream grammar for decoders) and
 * {@code spi.json.ToolInput} with {@code JsonRepair} (the one tool-argument policy, shared by the stream fold and
 * the wire codecs); 2.3 — added {@code Jsons.write(StringBuilder, JsonValue)} and {@code Jsons.quote(StringBuilder,
 * String)} (JSON text appended without a generator, the one owner of the escaping rule for hand-written frames);
 * 2.3.1 — the trees {@code Jsons.parseObject} and {@code parseValue} build hold their strings as {@code String}s,
 * shared with whatever reads them (Parsson's own reader kept {@code StringBuilder}s and copied them on every read).
 */
public final class SpiVersion {
    /** Incremented for every breaking change; a plugin never accepts another major than the one it was built for. */
    public static final int MAJOR = 2;
    /** Incremented for every additive change; reset to 0 with each major. */
    public static final int MINOR = 3;
    /** Incremented for fixes that change no signature; reset to 0 with each minor. */
    public static final int PATCH = 1;

    /** This SPI's version, e.g. {@code 2.3.0}. */
    public static final String VERSION = MAJOR + "." + MINOR + "." + PATCH;

    /** The range a plugin built against this SPI declares: this version up to the next major, exclusive. */
    public static final String PLUGIN_RANGE = ">=" + VERSION + " & <" + (MAJOR + 1) + ".0.0";

    private SpiVersion() {
    }
}
