package dev.switchboard.wire.responses;

/**
 * How a plugin wants {@link ResponsesRequestWriter} to shape the body for its Responses upstream.
 * Immutable and thread-safe.
 *
 * @param instructionsPrefix        text put before the request's system text in {@code instructions}
 *                                  (Factory's Droid prompt), or null
 * @param reasoningEffort           null to derive the effort from the request's thinking settings;
 *                                  {@code "off"} to send no {@code reasoning}; else the effort to send
 *                                  ({@code low}, {@code medium}, {@code high}, {@code xhigh}), as a model's
 *                                  configured reasoning level does
 * @param reasoningSummary          add {@code summary:"auto"} to {@code reasoning}, so reasoning streams back
 *                                  as summary text the gateway can show as thinking
 * @param includeEncryptedReasoning ask for {@code include:["reasoning.encrypted_content"]} when reasoning,
 *                                  so reasoning can be replayed statelessly (it becomes the thinking signature)
 * @param xhighSupported            the upstream accepts {@code xhigh}; otherwise derived {@code xhigh}/{@code max}
 *                                  efforts are sent as {@code high}
 * @param signatureFamily           who verifies the upstream's {@code encrypted_content}: only those go back to it
 *                                  ({@link dev.switchboard.spi.model.SignatureOrigin#OPENAI_FAMILY} for OpenAI's API)
 */
public record ResponsesUpstreamOptions(String instructionsPrefix, String reasoningEffort, boolean reasoningSummary,
                                       boolean includeEncryptedReasoning, boolean xhighSupported,
                                       String signatureFamily) {

    /** Options for an upstream whose encrypted reasoning is OpenAI's own. */
    public ResponsesUpstreamOptions(String instructionsPrefix, String reasoningEffort, boolean reasoningSummary,
                                    boolean includeEncryptedReasoning, boolean xhighSupported) {
        this(instructionsPrefix, reasoningEffort, reasoningSummary, includeEncryptedReasoning, xhighSupported,
                dev.switchboard.spi.model.SignatureOrigin.OPENAI_FAMILY);
    }

    /** The value of {@link #reasoningEffort()} that turns reasoning off. */
    public static final String EFFORT_OFF = "off";

    /** No prefix, effort from the request, summaries on, no encrypted content, no {@code xhigh}. */
    public static final ResponsesUpstreamOptions DEFAULTS = new ResponsesUpstreamOptions(null, null, true, false, false);

    public ResponsesUpstreamOptions withInstructionsPrefix(String prefix) {
        return new ResponsesUpstreamOptions(prefix, reasoningEffort, reasoningSummary, includeEncryptedReasoning,
                xhighSupported, signatureFamily);
    }

    public ResponsesUpstreamOptions withReasoningEffort(String effort) {
        return new ResponsesUpstreamOptions(instructionsPrefix, effort, reasoningSummary, includeEncryptedReasoning,
                xhighSupported, signatureFamily);
    }

    /** An upstream that speaks the Responses wire but issues its own encrypted reasoning. */
    public ResponsesUpstreamOptions withSignatureFamily(String family) {
        return new ResponsesUpstreamOptions(instructionsPrefix, reasoningEffort, reasoningSummary,
                includeEncryptedReasoning, xhighSupported, family);
    }
}
