package dev.switchboard.kernel.fuzz;

import dev.switchboard.testkit.Mutations;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.kernel.dialect.anthropic.AnthropicRequestReader;
import dev.switchboard.kernel.dialect.openai.OpenAiChatRequestReader;
import dev.switchboard.kernel.dialect.responses.ResponsesRequestReader;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.HttpHeaders;
import dev.switchboard.spi.ResponseDecoder;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.spi.stream.StreamEvent;
import dev.switchboard.wire.anthropic.AnthropicRequestWriter;
import dev.switchboard.wire.anthropic.AnthropicStreamDecoder;
import dev.switchboard.wire.openai.OpenAiChatProfile;
import dev.switchboard.wire.openai.OpenAiChatRequestWriter;
import dev.switchboard.wire.openai.OpenAiChatResponseReader;
import dev.switchboard.wire.openai.OpenAiChatStreamDecoder;
import dev.switchboard.wire.openai.ToolNameMap;
import dev.switchboard.wire.responses.ResponsesRequestWriter;
import dev.switchboard.wire.responses.ResponsesStreamDecoder;
import dev.switchboard.wire.responses.ResponsesUpstreamOptions;
import dev.switchboard.wire.sse.SseReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Property-based fuzzing of every SPI decoder with mutated real captures. Client input (the three dialect
 * readers, and the writers fed by what they accept) either reads or fails with a 4xx {@link GatewayException};
 * upstream input (SSE, the stream decoders, the unary readers) either decodes or fails with a
 * {@link GatewayException} / ends in a {@link StreamEvent.StreamError} — never an unchecked exception, and a
 * stream never ends silently without its terminal event. Tries: {@code jqwik.tries.default} (2,000 here; the
 * {@code fuzz-long} profile raises it).
 */
class DecoderFuzzTest {
    private static final List<byte[]> ANTHROPIC_REQUESTS = List.of(
            Mutations.resource("/fuzz/claude-code-tool-use.json"), Mutations.resource("/fuzz/claude-code-count-tokens.json"),
            utf8("{\"model\":\"claude-opus-5-5\",\"max_tokens\":100,\"temperature\":0.5,\"top_p\":0.9,\"stop_sequences\":[\"x\"],"
                    + "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2048},\"tool_choice\":{\"type\":\"auto\"},"
                    + "\"system\":[{\"type\":\"text\",\"text\":\"s\",\"cache_control\":{\"type\":\"ephemeral\"}}],"
                    + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image\",\"source\":{\"type\":\"base64\","
                    + "\"media_type\":\"image/png\",\"data\":\"iVBORw0KGgo=\"}},{\"type\":\"text\",\"text\":\"hi\"}]},"
                    + "{\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"t\",\"signature\":\"sig\"},"
                    + "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"f\",\"input\":{\"a\":1}}]},{\"role\":\"user\","
                    + "\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":\"ok\"}]}],"
                    + "\"tools\":[{\"name\":\"f\",\"description\":\"d\",\"input_schema\":{\"type\":\"object\"}}]}"));
    private static final List<byte[]> OPENAI_REQUESTS = List.of(utf8(
            "{\"model\":\"gpt-5\",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"max_completion_tokens\":50,"
                    + "\"temperature\":1.2,\"top_p\":0.5,\"stop\":[\"a\",\"b\"],\"user\":\"u1\",\"reasoning_effort\":\"high\","
                    + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\",\"schema\":{\"type\":\"object\"}}},"
                    + "\"messages\":[{\"role\":\"system\",\"content\":\"s\"},{\"role\":\"user\",\"content\":[{\"type\":\"text\","
                    + "\"text\":\"hi\"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,iVBORw0KGgo=\"}}]},"
                    + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
                    + "\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\":1}\"}}]},{\"role\":\"tool\",\"tool_call_id\":"
                    + "\"call_1\",\"content\":\"ok\"}],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\","
                    + "\"parameters\":{\"type\":\"object\"}}}],\"tool_choice\":\"auto\"}"));
    private static final List<byte[]> RESPONSES_REQUESTS = List.of(Mutations.resource("/fuzz/codex-say-hi.json"),
            utf8("{\"model\":\"gpt-5\",\"instructions\":\"i\",\"max_output_tokens\":64,\"temperature\":0.3,"
                    + "\"reasoning\":{\"effort\":\"low\",\"summary\":\"auto\"},\"text\":{\"format\":{\"type\":\"json_object\"}},"
                    + "\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"hi\"}]},"
                    + "{\"type\":\"function_call\",\"call_id\":\"c1\",\"name\":\"f\",\"arguments\":\"{}\"},"
                    + "{\"type\":\"function_call_output\",\"call_id\":\"c1\",\"output\":\"ok\"}],"
                    + "\"tools\":[{\"type\":\"function\",\"name\":\"f\",\"parameters\":{\"type\":\"object\"}}]}"));

    private static final byte[] ANTHROPIC_SSE = utf8("""
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"m","content":[],"usage":{"input_tokens":10,"output_tokens":1}}}

            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"hm"}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"sig"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":0}

            event: content_block_start
            data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_1","name":"f","input":{}}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"a\\":"}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"1}"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":1}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":7}}

            event: message_stop
            data: {"type":"message_stop"}

            """);
    private static final byte[] OPENAI_SSE = utf8("""
            data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","reasoning_content":"r"}}]}

            data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"Hel"}}]}

            data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"f","arguments":"{\\"a"}}]}}]}

            data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\\":1}"}}]}}]}

            data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}

            data: {"id":"c1","object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":3,"prompt_tokens_details":{"cached_tokens":1}}}

            data: [DONE]

            """);
    private static final List<byte[]> RESPONSES_SSE = List.of(Mutations.resource("/fuzz/responses-full-fidelity-text.sse"),
            Mutations.resource("/fuzz/responses-function-call-deltas.sse"), Mutations.resource("/fuzz/responses-reasoning-summary.sse"),
            Mutations.resource("/fuzz/responses-error-event.sse"));
    private static final byte[] ANTHROPIC_UNARY = utf8("{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
            + "\"model\":\"m\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"},{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"f\","
            + "\"input\":{\"a\":[1,2]}}],\"stop_reason\":\"tool_use\",\"usage\":{\"input_tokens\":3,\"output_tokens\":4,"
            + "\"cache_read_input_tokens\":1}}");
    private static final byte[] OPENAI_UNARY = utf8("{\"id\":\"c\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
            + "\"message\":{\"role\":\"assistant\",\"content\":\"hi\",\"reasoning_content\":\"r\",\"tool_calls\":[{\"id\":\"call_1\","
            + "\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},\"finish_reason\":\"tool_calls\"}],"
            + "\"usage\":{\"prompt_tokens\":2,\"completion_tokens\":3}}");

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] pick(List<byte[]> seeds, int index, long mutation) {
        return Mutations.mutate(seeds.get(Math.floorMod(index, seeds.size())), mutation);
    }

    /** A client input failure must be a 4xx; anything unchecked fails the property. */
    private static void clientFailure(GatewayException e) {
        int status = e.kind().status();
        assertTrue(status >= 400 && status < 500, "client input gave " + e.kind() + ": " + e.getMessage());
    }

    /** What the gateway does with an accepted request: write it for each upstream family. */
    private static void writeForEveryUpstream(ChatRequest r) throws GatewayException {
        assertNotNull(new AnthropicRequestWriter(AnthropicRequestWriter.Options.forModel("m")).writeBytes(r));
        assertNotNull(new OpenAiChatRequestWriter(OpenAiChatProfile.standard()).write(r, "m"));
        assertNotNull(ResponsesRequestWriter.write(r, ResponsesUpstreamOptions.DEFAULTS));
    }

    @Property
    void anthropicReaderAnswersMutatedRequestsWithA400(@ForAll @IntRange(max = 5) int seed, @ForAll long mutation) {
        byte[] body = pick(ANTHROPIC_REQUESTS, seed, mutation);
        try {
            writeForEveryUpstream(AnthropicRequestReader.readMessages(body, HttpHeaders.create()));
        } catch (GatewayException e) {
            clientFailure(e);
        }
        try {
            AnthropicRequestReader.readCountTokens(body, HttpHeaders.create());
        } catch (GatewayException e) {
            clientFailure(e);
        }
    }

    @Property
    void openAiChatReaderAnswersMutatedRequestsWithA400(@ForAll long mutation) {
        try {
            writeForEveryUpstream(new OpenAiChatRequestReader().read(pick(OPENAI_REQUESTS, 0, mutation)).request());
        } catch (GatewayException e) {
            clientFailure(e);
        }
    }

    @Property
    void responsesReaderAnswersMutatedRequestsWithA400(@ForAll @IntRange(max = 5) int seed, @ForAll long mutation) {
        try {
            writeForEveryUpstream(ResponsesRequestReader.read(pick(RESPONSES_REQUESTS, seed, mutation)).chatRequest());
        } catch (GatewayException e) {
            clientFailure(e);
        }
    }

    @Property
    void sseReaderNeverThrows(@ForAll @IntRange(max = 5) int seed, @ForAll long mutation) {
        List<byte[]> all = new ArrayList<>(RESPONSES_SSE);
        all.add(ANTHROPIC_SSE);
        all.add(OPENAI_SSE);
        byte[] body = pick(all, seed, mutation);
        SseReader reader = new SseReader();
        for (byte[] c : Mutations.chunks(body, mutation)) {
            assertNotNull(reader.feed(c, 0, c.length));
        }
        assertNotNull(reader.finish());
    }

    private static void decodesOrReportsAnError(Supplier<ResponseDecoder> decoder, byte[] body, long mutation) {
        Mutations.assertEndsInStopOrError(decoder.get(), body, mutation);
    }

    @Property
    void anthropicStreamDecoderEndsMutatedStreamsInStopOrError(@ForAll long mutation) {
        decodesOrReportsAnError(AnthropicStreamDecoder::new, Mutations.mutate(ANTHROPIC_SSE, mutation), mutation);
    }

    @Property
    void openAiChatStreamDecoderEndsMutatedStreamsInStopOrError(@ForAll long mutation) {
        decodesOrReportsAnError(() -> new OpenAiChatStreamDecoder("msg_1", "m", OpenAiChatProfile.standard(), true,
                ToolNameMap.EMPTY), Mutations.mutate(OPENAI_SSE, mutation), mutation);
    }

    @Property
    void responsesStreamDecoderEndsMutatedStreamsInStopOrError(@ForAll @IntRange(max = 5) int seed,
                                                               @ForAll long mutation) {
        decodesOrReportsAnError(() -> new ResponsesStreamDecoder("m"), pick(RESPONSES_SSE, seed, mutation), mutation);
    }

    /** Unary bodies: a response or a GatewayException (an upstream 502), never anything unchecked. */
    @Property
    void unaryReadersAnswerMutatedBodiesWithAGatewayException(@ForAll @IntRange(max = 3) int which,
                                                              @ForAll long mutation) {
        try {
            switch (which) {
                case 0 -> new AnthropicStreamDecoder().decodeUnary(Mutations.mutate(ANTHROPIC_UNARY, mutation));
                case 1 -> new OpenAiChatResponseReader("msg_1", "m", ToolNameMap.EMPTY, "reasoning_content")
                        .read(Mutations.mutate(OPENAI_UNARY, mutation));
                case 2 -> new ResponsesStreamDecoder("m").decodeUnary(pick(RESPONSES_SSE, (int) mutation, mutation));
                default -> new OpenAiChatStreamDecoder("msg_1", "m", OpenAiChatProfile.standard(), false,
                        ToolNameMap.EMPTY).decodeUnary(Mutations.mutate(OPENAI_UNARY, mutation));
            }
        } catch (GatewayException expected) {
            assertNotNull(expected.kind());
        }
    }
}
