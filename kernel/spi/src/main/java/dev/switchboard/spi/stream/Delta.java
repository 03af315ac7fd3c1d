package dev.switchboard.spi.stream;

import jakarta.json.JsonObject;

/** The payload of a {@link StreamEvent.BlockDelta}; its kind must match the open block's kind. */
public sealed interface Delta {

    /** Text for a text block. */
    record TextDelta(String text) implements Delta {
    }

    /** A fragment of a tool call's input JSON; the concatenation of all fragments is one JSON object. */
    record InputJsonDelta(String partialJson) implements Delta {
    }

    /** Reasoning text for a thinking block. */
    record ThinkingDelta(String thinking) implements Delta {
    }

    /**
     * The thinking block's signature; at most one, just before the block stops. {@code origin} is who issued it
     * (null when unknown): the decoder of an upstream names its own family.
     */
    record SignatureDelta(String signature, dev.switchboard.spi.model.SignatureOrigin origin) implements Delta {
        public SignatureDelta(String signature) {
            this(signature, null);
        }
    }

    /** A citation attached to a text block, verbatim. */
    record CitationsDelta(JsonObject citation) implements Delta {
    }
}
