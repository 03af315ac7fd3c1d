package dev.switchboard.plugin.kiro;

import dev.switchboard.spi.HttpHeaders;
import java.util.Locale;
import java.util.UUID;

/**
 * How the gateway presents itself to Kiro: the Kiro IDE and Node versions, the OS string and the optional
 * opt-out flag that make up the Kiro IDE's headers. Immutable and thread-safe.
 *
 * @param kiroVersion {@code kiro-version} (0.7.5, as the reference proxy)
 * @param nodeVersion {@code node-version}
 * @param os          {@code os}: {@code <name>#<release>} such as {@code linux#6.8.0}
 * @param sdkRequest  {@code sdk-request}: the {@code amz-sdk-request} value
 * @param agentMode   {@code agent-mode}: the {@code x-amzn-kiro-agent-mode} value
 * @param optOut      {@code opt-out}: {@code x-amzn-codewhisperer-optout}, or null to omit it
 */
public record ClientIdentity(String kiroVersion, String nodeVersion, String os, String sdkRequest, String agentMode,
                             Boolean optOut) {

    /** Defaults: Kiro 0.7.5, Node 22.21.1, the running OS. */
    public static ClientIdentity defaults() {
        return new ClientIdentity("0.7.5", "22.21.1", defaultOs(), "attempt=1; max=1", "vibe", null);
    }

    /** {@code windows}, {@code macos} or the platform name, then {@code #} and the OS release. */
    static String defaultOs() {
        String name = System.getProperty("os.name", "linux").toLowerCase(Locale.ROOT);
        String os = name.startsWith("windows") ? "windows" : name.startsWith("mac") ? "macos" : name.replace(' ', '-');
        return os + "#" + System.getProperty("os.version", "0");
    }

    /** {@code KiroIDE-<kiroVersion>-<machineId>}. */
    public String kiroAgent(String machineId) {
        return "KiroIDE-" + kiroVersion + "-" + machineId;
    }

    /**
     * The Kiro IDE's headers of chat, usage and model calls, with a fresh {@code amz-sdk-invocation-id}.
     *
     * @param accessToken the bearer token (secret: only ever placed in the header)
     * @param machineId   the account's 64-hex machine id
     */
    public HttpHeaders apiHeaders(String accessToken, String machineId) {
        HttpHeaders h = HttpHeaders.create()
                .set("content-type", "application/json")
                .set("accept", "application/json")
                .set("authorization", "Bearer " + accessToken)
                .set("amz-sdk-invocation-id", UUID.randomUUID().toString())
                .set("amz-sdk-request", sdkRequest)
                .set("x-amzn-kiro-agent-mode", agentMode)
                .set("x-amz-user-agent", "aws-sdk-js/1.0.0 " + kiroAgent(machineId))
                .set("user-agent", "aws-sdk-js/1.0.0 ua/2.1 os/" + os + " lang/js md/nodejs#" + nodeVersion
                        + " api/codewhispererruntime#1.0.0 m/E " + kiroAgent(machineId));
        if (optOut != null) {
            h.set("x-amzn-codewhisperer-optout", optOut.toString());
        }
        return h;
    }
}
