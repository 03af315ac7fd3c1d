package dev.switchboard.spi.model;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A chat request in canonical (Anthropic Messages-shaped) form.
 *
 * @param model         the model name the client asked for
 * @param system        top-level system blocks (a string system becomes one text block)
 * @param messages      the conversation, possibly with {@link Role#SYSTEM} messages inside
 * @param tools         declared tools (empty when none)
 * @param toolChoice    tool choice, or null for the upstream default
 * @param maxTokens     output cap, or null when the client gave none
 * @param temperature   sampling temperature or null
 * @param topP          nucleus sampling or null
 * @param topK          top-k sampling or null
 * @param stopSequences stop sequences (empty when none)
 * @param stream        whether the client asked for a stream
 * @param thinking      thinking settings, or null when absent
 * @param effort        {@code output_config.effort} ({@code low|medium|high|xhigh|max}), or null
 * @param outputFormat  {@code output_config.format} (a JSON-schema response format), or null
 * @param userId        {@code metadata.user_id} verbatim (Claude Code sends a JSON string), or null
 * @param betas         the client's {@code anthropic-beta} list, trimmed, in order
 * @param extensions    top-level request fields the model does not interpret, verbatim
 */
public record ChatRequest(String model, List<ContentBlock.Text> system, List<Message> messages, List<Tool> tools,
                          ToolChoice toolChoice, Integer maxTokens, Double temperature, Double topP, Integer topK,
                          List<String> stopSequences, boolean stream, ThinkingConfig thinking, String effort,
                          JsonObject outputFormat, String userId, List<String> betas,
                          Map<String, JsonValue> extensions) {

    public ChatRequest {
        Objects.requireNonNull(model, "model");
        system = system == null ? List.of() : List.copyOf(system);
        messages = List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
        stopSequences = stopSequences == null ? List.of() : List.copyOf(stopSequences);
        betas = betas == null ? List.of() : List.copyOf(betas);
        extensions = extensions == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
    }

    /** A builder preloaded with this request's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    public static Builder builder(String model) {
        return new Builder(model);
    }

    /** The system blocks' texts joined with {@code "\n\n"}. */
    public String systemText() {
        StringBuilder sb = new StringBuilder();
        for (ContentBlock.Text t : system) {
            if (!sb.isEmpty()) {
                sb.append("\n\n");
            }
            sb.append(t.text());
        }
        return sb.toString();
    }

    /** True when thinking is requested (enabled or adaptive). */
    public boolean thinkingOn() {
        return thinking != null && thinking.isOn();
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private String model;
        private List<ContentBlock.Text> system = new ArrayList<>();
        private List<Message> messages = new ArrayList<>();
        private List<Tool> tools = new ArrayList<>();
        private ToolChoice toolChoice;
        private Integer maxTokens;
        private Double temperature;
        private Double topP;
        private Integer topK;
        private List<String> stopSequences = new ArrayList<>();
        private boolean stream;
        private ThinkingConfig thinking;
        private String effort;
        private JsonObject outputFormat;
        private String userId;
        private List<String> betas = new ArrayList<>();
        private Map<String, JsonValue> extensions = new LinkedHashMap<>();

        private Builder(String model) {
            this.model = model;
        }

        private Builder(ChatRequest r) {
            this.model = r.model;
            this.system = new ArrayList<>(r.system);
            this.messages = new ArrayList<>(r.messages);
            this.tools = new ArrayList<>(r.tools);
            this.toolChoice = r.toolChoice;
            this.maxTokens = r.maxTokens;
            this.temperature = r.temperature;
            this.topP = r.topP;
            this.topK = r.topK;
            this.stopSequences = new ArrayList<>(r.stopSequences);
            this.stream = r.stream;
            this.thinking = r.thinking;
            this.effort = r.effort;
            this.outputFormat = r.outputFormat;
            this.userId = r.userId;
            this.betas = new ArrayList<>(r.betas);
            this.extensions = new LinkedHashMap<>(r.extensions);
        }

        public Builder model(String v) { this.model = v; return this; }
        public Builder system(List<ContentBlock.Text> v) { this.system = new ArrayList<>(v); return this; }
        public Builder addSystem(ContentBlock.Text v) { this.system.add(v); return this; }
        public Builder messages(List<Message> v) { this.messages = new ArrayList<>(v); return this; }
        public Builder addMessage(Message v) { this.messages.add(v); return this; }
        public Builder tools(List<Tool> v) { this.tools = new ArrayList<>(v); return this; }
        public Builder addTool(Tool v) { this.tools.add(v); return this; }
        public Builder toolChoice(ToolChoice v) { this.toolChoice = v; return this; }
        public Builder maxTokens(Integer v) { this.maxTokens = v; return this; }
        public Builder temperature(Double v) { this.temperature = v; return this; }
        public Builder topP(Double v) { this.topP = v; return this; }
        public Builder topK(Integer v) { this.topK = v; return this; }
        public Builder stopSequences(List<String> v) { this.stopSequences = new ArrayList<>(v); return this; }
        public Builder stream(boolean v) { this.stream = v; return this; }
        public Builder thinking(ThinkingConfig v) { this.thinking = v; return this; }
        public Builder effort(String v) { this.effort = v; return this; }
        public Builder outputFormat(JsonObject v) { this.outputFormat = v; return this; }
        public Builder userId(String v) { this.userId = v; return this; }
        public Builder betas(List<String> v) { this.betas = new ArrayList<>(v); return this; }
        public Builder extensions(Map<String, JsonValue> v) { this.extensions = new LinkedHashMap<>(v); return this; }
        public Builder extension(String k, JsonValue v) { this.extensions.put(k, v); return this; }

        public ChatRequest build() {
            return new ChatRequest(model, system, messages, tools, toolChoice, maxTokens, temperature, topP, topK,
                    stopSequences, stream, thinking, effort, outputFormat, userId, betas, extensions);
        }
    }
}
