package dev.switchboard.plugin.kiro.stream;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.plugin.kiro.KiroFixtures;
import dev.switchboard.plugin.kiro.eventstream.EventStreamDecoder;
import dev.switchboard.plugin.kiro.eventstream.EventStreamException;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.testkit.Mutations;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Fuzzing of Kiro's AWS event-stream frame decoder and the response decoder on top of it, with the captured
 * tool-use stream mutated (bad CRCs, cut and merged frames, junk lengths and headers): the frame decoder either
 * cuts frames or throws its checked {@link EventStreamException}; the response decoder never throws and ends
 * every stream in its terminal event or an error; unary decoding answers a {@link GatewayException}.
 */
class KiroDecoderFuzzTest {
    private static final byte[] STREAM = KiroFixtures.toolUseStream();

    @Property
    void frameDecoderCutsFramesOrThrowsItsCheckedException(@ForAll long mutation) {
        EventStreamDecoder d = new EventStreamDecoder();
        List<Object> frames = new ArrayList<>();
        try {
            for (byte[] c : Mutations.chunks(Mutations.mutate(STREAM, mutation), mutation)) {
                d.feed(c, 0, c.length, frames::add);
            }
        } catch (EventStreamException expected) {
            assertTrue(expected.offset() >= 0);
        }
    }

    @Property
    void responseDecoderEndsMutatedStreamsInStopOrError(@ForAll long mutation) {
        Mutations.assertEndsInStopOrError(KiroStreamDecoderTest.decoder(), Mutations.mutate(STREAM, mutation), mutation);
    }

    @Property
    void unaryDecodingAnswersAGatewayException(@ForAll long mutation) {
        try {
            assertNotNull(KiroStreamDecoderTest.decoder().decodeUnary(Mutations.mutate(STREAM, mutation)));
        } catch (GatewayException expected) {
            assertNotNull(expected.kind());
        }
    }
}
