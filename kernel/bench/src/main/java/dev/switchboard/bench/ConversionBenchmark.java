package dev.switchboard.bench;

import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.HttpHeaders;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.testkit.Fixtures;
import dev.switchboard.wire.openai.OpenAiChatProfile;
import dev.switchboard.wire.openai.OpenAiChatRequestWriter;
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

/**
 * Parsing Claude Code's 57 KB {@code say-hi} capture (bytes → JSON → canonical) and converting it to an OpenAI
 * chat request body (canonical → JSON → bytes): the work every Claude Code turn costs on an OpenAI upstream.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ConversionBenchmark {
    private byte[] capture;
    private ChatRequest parsed;
    private final OpenAiChatRequestWriter writer = new OpenAiChatRequestWriter(OpenAiChatProfile.standard());
    private final HttpHeaders headers = HttpHeaders.create().set("anthropic-beta",
            "claude-code-20250219,interleaved-thinking-2025-05-14");

    @Setup
    public void load() throws GatewayException {
        capture = Fixtures.claudeCodeBody("say-hi").toString().getBytes(StandardCharsets.UTF_8);
        parsed = dev.switchboard.kernel.dialect.anthropic.AnthropicRequestReader.readMessages(capture, headers);
    }

    /** Bytes in → canonical request. */
    @Benchmark
    public ChatRequest parseCapture() throws GatewayException {
        return dev.switchboard.kernel.dialect.anthropic.AnthropicRequestReader.readMessages(capture, headers);
    }

    /** Canonical request → OpenAI request bytes. */
    @Benchmark
    public byte[] convertToOpenAi() throws GatewayException {
        return writer.write(parsed, "qwen3-coder").body().toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The whole path: bytes in → OpenAI request bytes out. */
    @Benchmark
    public byte[] parseAndConvert() throws GatewayException {
        ChatRequest r = dev.switchboard.kernel.dialect.anthropic.AnthropicRequestReader.readMessages(capture, headers);
        return writer.write(r, "qwen3-coder").body().toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Baseline: just parsing the JSON, to see what the conversion adds. */
    @Benchmark
    public Object jsonParseOnly() {
        return Jsons.parseObject(capture);
    }
}
