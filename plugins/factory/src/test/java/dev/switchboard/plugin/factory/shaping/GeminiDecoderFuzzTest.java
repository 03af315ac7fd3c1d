package dev.switchboard.plugin.factory.shaping;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.GatewayException;
import dev.switchboard.testkit.Mutations;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Fuzzing of Factory's Gemini decoder (SSE stream and the three unary shapes: SSE, one object, an array of
 * chunks): mutated answers never throw unchecked; streams end in their terminal event or an error.
 */
class GeminiDecoderFuzzTest {
    private static final String CHUNK_1 = "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"thinking\","
            + "\"thought\":true},{\"text\":\"Hel\"}]}}],\"modelVersion\":\"gemini-2.5-pro\"}";
    private static final String CHUNK_2 = "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"functionCall\":"
            + "{\"name\":\"f\",\"args\":{\"a\":1}}}]},\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":5,"
            + "\"candidatesTokenCount\":3,\"cachedContentTokenCount\":1}}";
    private static final byte[] SSE = ("data: " + CHUNK_1 + "\r\n\r\ndata: " + CHUNK_2 + "\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8);
    private static final List<byte[]> UNARY = List.of(SSE, CHUNK_2.getBytes(StandardCharsets.UTF_8),
            ("[" + CHUNK_1 + "," + CHUNK_2 + "]").getBytes(StandardCharsets.UTF_8));

    @Property
    void streamEndsInStopOrError(@ForAll long mutation) {
        Mutations.assertEndsInStopOrError(new GeminiStreamDecoder("gemini-2.5-pro"), Mutations.mutate(SSE, mutation), mutation);
    }

    @Property
    void unaryAnswersAResponseOrAGatewayException(@ForAll long mutation) {
        try {
            assertNotNull(new GeminiStreamDecoder("gemini-2.5-pro")
                    .decodeUnary(Mutations.mutate(UNARY.get(Math.floorMod(mutation, UNARY.size())), mutation)));
        } catch (GatewayException expected) {
            assertNotNull(expected.kind());
        }
    }
}
