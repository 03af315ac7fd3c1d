package dev.switchboard.kernel.dialect.anthropic;

import dev.switchboard.wire.anthropic.AnthropicStreamDecoder;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatResponse;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.SignatureOrigin;
import dev.switchboard.spi.model.StopReason;
import dev.switchboard.spi.model.Usage;
import dev.switchboard.spi.model.UsageSource;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnthropicResponseWriterTest {

    @Test
    void unaryMessageShape() {
        ChatResponse r = new ChatResponse("msg_upstream", "upstream-model", List.of(
                new ContentBlock.Thinking("why", ""),
                new ContentBlock.Text(""),
                new ContentBlock.Text("Hello"),
                new ContentBlock.ToolUse("toolu_1", "Read", Jsons.parseObject("{\"file_path\":\"a.ts\"}"))),
                StopReason.TOOL_USE, null, new Usage(3, 581, 22156, 11204, UsageSource.UPSTREAM));
        assertEquals(Jsons.parseObject("""
                {"id":"msg_gw","type":"message","role":"assistant","model":"claude-sonnet-4-5",
                 "content":[{"type":"thinking","thinking":"why","signature":""},{"type":"text","text":"Hello"},
                            {"type":"tool_use","id":"toolu_1","name":"Read","input":{"file_path":"a.ts"}}],
                 "stop_reason":"tool_use","stop_sequence":null,
                 "usage":{"input_tokens":3,"output_tokens":581,"cache_creation_input_tokens":22156,"cache_read_input_tokens":11204,
                          "cache_creation":{"ephemeral_5m_input_tokens":22156,"ephemeral_1h_input_tokens":0}}}"""),
                AnthropicResponseWriter.write(r, "msg_gw", "claude-sonnet-4-5"));
    }

    @Test
    void emptyAnswerStopSequenceAndZeroUsageStillCarryAllFields() {
        ChatResponse r = new ChatResponse("msg_u", "m", List.of(), StopReason.STOP_SEQUENCE, "###", null);
        assertEquals(Jsons.parseObject("""
                {"id":"msg_u","type":"message","role":"assistant","model":"m","content":[],
                 "stop_reason":"stop_sequence","stop_sequence":"###",
                 "usage":{"input_tokens":0,"output_tokens":0,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,
                          "cache_creation":{"ephemeral_5m_input_tokens":0,"ephemeral_1h_input_tokens":0}}}"""),
                AnthropicResponseWriter.write(r, null, null));
    }

    @Test
    void unaryRoundTripThroughTheDecoder() throws Exception {
        ChatResponse r = new ChatResponse("msg_1", "m", List.of(
                new ContentBlock.Thinking("t", "sig", SignatureOrigin.ANTHROPIC),
                new ContentBlock.RedactedThinking("enc", SignatureOrigin.ANTHROPIC_REDACTED),
                new ContentBlock.Text("cited", null, Jsons.parseValue("[{\"type\":\"char_location\",\"cited_text\":\"c\"}]").asJsonArray()),
                new ContentBlock.ToolUse("toolu_1", "Bash", Jsons.parseObject("{\"command\":\"ls\"}")),
                new ContentBlock.Opaque(Jsons.parseObject("{\"type\":\"web_search_tool_result\",\"tool_use_id\":\"srv\",\"content\":[]}"))),
                StopReason.TOOL_USE, null, new Usage(1, 2, 3, 4, UsageSource.UPSTREAM));
        ChatResponse back = new AnthropicStreamDecoder().decodeUnary(AnthropicResponseWriter.writeBytes(r, null, null));
        assertEquals(r, back);
    }
}
