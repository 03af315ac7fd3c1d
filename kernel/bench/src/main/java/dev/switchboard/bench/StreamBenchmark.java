package dev.switchboard.bench;

import dev.switchboard.kernel.dialect.SseWriter;
import dev.switchboard.kernel.dialect.anthropic.AnthropicStreamWriter;
import dev.switchboard.spi.stream.StreamEvent;
import dev.switchboard.wire.openai.OpenAiChatProfile;
import dev.switchboard.wire.openai.OpenAiChatStreamDecoder;
import dev.switchboard.wire.openai.ToolNameMap;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Converting a 1,000-event OpenAI chat stream (SSE chunks as an upstream sends them, in ~1.5 KB reads) into
 * Anthropic SSE: the SM-1 decoder feeding the Anthropic stream writer, each event flushed to a sink.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StreamBenchmark {
    static final int EVENTS = 1000;
    private byte[] upstream;

    @Setup
    public void build() {
        StringBuilder sb = new StringBuilder();
        String head = "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1774400000,"
                + "\"model\":\"qwen3\",\"choices\":[{\"index\":0,\"delta\":";
        sb.append(head).append("{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n");
        for (int i = 0; i < EVENTS - 3; i++) {
            sb.append(head).append("{\"content\":\"token ").append(i).append(" \"},\"finish_reason\":null}]}\n\n");
        }
        sb.append(head).append("{},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1200,"
                + "\"completion_tokens\":997,\"total_tokens\":2197}}\n\n");
        sb.append("data: [DONE]\n\n");
        upstream = sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public void openAiStreamToAnthropicSse(Blackhole bh) throws IOException {
        OpenAiChatStreamDecoder decoder = new OpenAiChatStreamDecoder("msg_bench", "claude-sonnet-4-5",
                OpenAiChatProfile.standard(), true, ToolNameMap.EMPTY);
        AnthropicStreamWriter writer = new AnthropicStreamWriter(new SseWriter(new Sink(bh)), "msg_bench",
                "claude-sonnet-4-5");
        int read = 1500;
        for (int off = 0; off < upstream.length; off += read) {
            for (StreamEvent e : decoder.onBytes(upstream, off, Math.min(read, upstream.length - off))) {
                writer.write(e);
            }
        }
        for (StreamEvent e : decoder.onEnd()) {
            writer.write(e);
        }
    }

    /** Discards output but keeps it observable so the JIT cannot remove the work. */
    private static final class Sink extends OutputStream {
        private final Blackhole bh;

        Sink(Blackhole bh) {
            this.bh = bh;
        }

        @Override
        public void write(int b) {
            bh.consume(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bh.consume(len);
        }
    }
}
