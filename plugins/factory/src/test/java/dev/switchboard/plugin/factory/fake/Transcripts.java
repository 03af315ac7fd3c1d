package dev.switchboard.plugin.factory.fake;

import dev.switchboard.testkit.AnthropicSse;
import jakarta.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Factory's answers per family, as frames (SSE) or bodies (JSON), for the fake Factory server.
 * Stateless.
 */
public final class Transcripts {
    private Transcripts() {
    }

    private static String q(String s) {
        return Json.createValue(s).toString();
    }

    // ---- anthropic ----

    public static List<String> anthropic(Scenario s, String model) {
        AnthropicSse sse = AnthropicSse.start(model, 25);
        return switch (s) {
            case TEXT -> sse.text("Hello!").end("end_turn", 5).frames();
            case THINKING -> sse.thinking("sig-abc", "Let me ", "think.").text("Hello!").end("end_turn", 9).frames();
            case TOOL_USE -> sse.text("Checking.").toolUse("toolu_01", "get_weather", "{\"city\":", "\"Paris\"}")
                    .end("tool_use", 12).frames();
            case ERROR_EVENT -> sse.text("Hel").error("overloaded_error", "Overloaded").frames();
        };
    }

    public static String anthropicMessage(Scenario s, String model) {
        String content = switch (s) {
            case TOOL_USE -> "[{\"type\":\"text\",\"text\":\"Checking.\"},{\"type\":\"tool_use\",\"id\":\"toolu_01\","
                    + "\"name\":\"get_weather\",\"input\":{\"city\":\"Paris\"}}]";
            case THINKING -> "[{\"type\":\"thinking\",\"thinking\":\"Let me think.\",\"signature\":\"sig-abc\"},"
                    + "{\"type\":\"text\",\"text\":\"Hello!\"}]";
            default -> "[{\"type\":\"text\",\"text\":\"Hello!\"}]";
        };
        return "{\"id\":\"msg_01FAKE\",\"type\":\"message\",\"role\":\"assistant\",\"model\":" + q(model)
                + ",\"content\":" + content + ",\"stop_reason\":" + q(s == Scenario.TOOL_USE ? "tool_use" : "end_turn")
                + ",\"stop_sequence\":null,\"usage\":{\"input_tokens\":25,\"output_tokens\":5}}";
    }

    // ---- openai / Responses ----

    private static String ev(String type, String data) {
        return "event: " + type + "\ndata: " + data + "\n\n";
    }

    /** The Responses stream with {@code sequence_number} on every event, as OpenAI sends it. */
    public static List<String> responses(Scenario s, String model) {
        List<String> out = new ArrayList<>();
        int seq = 0;
        for (String frame : responseFrames(s, model)) {
            int at = frame.indexOf("data: {") + "data: {".length();
            out.add(frame.substring(0, at) + "\"sequence_number\":" + seq++ + "," + frame.substring(at));
        }
        return out;
    }

    private static List<String> responseFrames(Scenario s, String model) {
        List<String> f = new ArrayList<>();
        f.add(ev("response.created", "{\"type\":\"response.created\",\"response\":{\"id\":\"resp_1\",\"created_at\":"
                + "1774400000,\"status\":\"in_progress\",\"model\":" + q(model) + ",\"output\":[]}}"));
        int idx = 0;
        StringBuilder output = new StringBuilder();
        if (s == Scenario.THINKING) {
            f.add(ev("response.output_item.added", "{\"type\":\"response.output_item.added\",\"output_index\":0,"
                    + "\"item\":{\"id\":\"rs_1\",\"type\":\"reasoning\",\"summary\":[]}}"));
            f.add(ev("response.reasoning_summary_text.delta", "{\"type\":\"response.reasoning_summary_text.delta\","
                    + "\"item_id\":\"rs_1\",\"output_index\":0,\"summary_index\":0,\"delta\":\"Let me think.\"}"));
            f.add(ev("response.output_item.done", "{\"type\":\"response.output_item.done\",\"output_index\":0,"
                    + "\"item\":{\"id\":\"rs_1\",\"type\":\"reasoning\",\"summary\":[{\"type\":\"summary_text\","
                    + "\"text\":\"Let me think.\"}]}}"));
            output.append("{\"id\":\"rs_1\",\"type\":\"reasoning\",\"summary\":[{\"type\":\"summary_text\","
                    + "\"text\":\"Let me think.\"}]},");
            idx = 1;
        }
        String text = s == Scenario.TOOL_USE ? "Checking." : "Hello!";
        f.add(ev("response.output_item.added", "{\"type\":\"response.output_item.added\",\"output_index\":" + idx
                + ",\"item\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[]}}"));
        f.add(ev("response.output_text.delta", "{\"type\":\"response.output_text.delta\",\"item_id\":\"msg_1\","
                + "\"output_index\":" + idx + ",\"content_index\":0,\"delta\":" + q(text) + "}"));
        output.append("{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":"
                + "\"output_text\",\"text\":" + q(text) + ",\"annotations\":[]}],\"status\":\"completed\"}");
        if (s == Scenario.TOOL_USE) {
            f.add(ev("response.output_item.added", "{\"type\":\"response.output_item.added\",\"output_index\":1,"
                    + "\"item\":{\"type\":\"function_call\",\"id\":\"fc_1\",\"call_id\":\"call_1\",\"name\":"
                    + "\"get_weather\",\"arguments\":\"\"}}"));
            f.add(ev("response.function_call_arguments.delta", "{\"type\":\"response.function_call_arguments.delta\","
                    + "\"item_id\":\"fc_1\",\"output_index\":1,\"delta\":\"{\\\"city\\\":\"}"));
            f.add(ev("response.function_call_arguments.delta", "{\"type\":\"response.function_call_arguments.delta\","
                    + "\"item_id\":\"fc_1\",\"output_index\":1,\"delta\":\"\\\"Paris\\\"}\"}"));
            f.add(ev("response.output_item.done", "{\"type\":\"response.output_item.done\",\"output_index\":1,"
                    + "\"item\":{\"type\":\"function_call\",\"id\":\"fc_1\",\"call_id\":\"call_1\",\"name\":"
                    + "\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}"));
            output.append(",{\"type\":\"function_call\",\"id\":\"fc_1\",\"call_id\":\"call_1\",\"name\":\"get_weather\","
                    + "\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}");
        }
        if (s == Scenario.ERROR_EVENT) {
            f.add(ev("error", "{\"type\":\"error\",\"error\":{\"code\":\"server_error\",\"message\":\"Overloaded\"}}"));
            return f;
        }
        f.add(ev("response.completed", "{\"type\":\"response.completed\",\"response\":" + responseObject(model,
                output.toString()) + "}"));
        return f;
    }

    private static String responseObject(String model, String output) {
        // The full object, as OpenAI sends it (openai-java validates every required field on relayed bytes).
        return "{\"id\":\"resp_1\",\"object\":\"response\",\"created_at\":1774400000,\"status\":\"completed\",\"error\":null,"
                + "\"incomplete_details\":null,\"instructions\":null,\"metadata\":{},\"parallel_tool_calls\":true,"
                + "\"temperature\":1.0,\"tool_choice\":\"auto\",\"tools\":[],\"top_p\":1.0,\"model\":"
                + q(model) + ",\"output\":[" + output + "],\"usage\":{\"input_tokens\":20,\"input_tokens_details\":"
                + "{\"cached_tokens\":0,\"cache_write_tokens\":0},\"output_tokens\":8,\"output_tokens_details\":{\"reasoning_tokens\":0},"
                + "\"total_tokens\":28}}";
    }

    public static String responsesObject(Scenario s, String model) {
        String out = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":"
                + "\"output_text\",\"text\":\"" + (s == Scenario.TOOL_USE ? "Checking." : "Hello!") + "\",\"annotations\":[]}],"
                + "\"status\":\"completed\"}";
        if (s == Scenario.TOOL_USE) {
            out += ",{\"type\":\"function_call\",\"id\":\"fc_1\",\"call_id\":\"call_1\",\"name\":\"get_weather\","
                    + "\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}";
        }
        return responseObject(model, out);
    }

    // ---- common / chat completions ----

    private static String chunk(String model, String delta, String finish, String usage) {
        return "data: {\"id\":\"chatcmpl-x\",\"object\":\"chat.completion.chunk\",\"created\":1774400000,\"model\":"
                + q(model) + ",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
                + (finish == null ? "null" : q(finish)) + "}]" + (usage == null ? "" : ",\"usage\":" + usage) + "}\n\n";
    }

    public static List<String> chat(Scenario s, String model) {
        List<String> f = new ArrayList<>();
        String usage = "{\"prompt_tokens\":12,\"completion_tokens\":3,\"total_tokens\":15}";
        if (s == Scenario.TOOL_USE) {
            f.add(chunk(model, "{\"role\":\"assistant\",\"content\":\"Checking.\"}", null, null));
            f.add(chunk(model, "{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":"
                    + "{\"name\":\"get_weather\",\"arguments\":\"\"}}]}", null, null));
            f.add(chunk(model, "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]}",
                    null, null));
            f.add(chunk(model, "{}", "tool_calls", usage));
        } else {
            if (s == Scenario.THINKING) {
                f.add(chunk(model, "{\"role\":\"assistant\",\"reasoning_content\":\"Let me think.\"}", null, null));
            }
            f.add(chunk(model, "{\"role\":\"assistant\",\"content\":\"Hello!\"}", null, null));
            if (s == Scenario.ERROR_EVENT) {
                f.add("data: {\"error\":{\"message\":\"Overloaded\",\"type\":\"server_error\"}}\n\n");
                return f;
            }
            f.add(chunk(model, "{}", "stop", usage));
        }
        f.add("data: [DONE]\n\n");
        return f;
    }

    public static String chatCompletion(Scenario s, String model) {
        String message = s == Scenario.TOOL_USE
                ? "{\"role\":\"assistant\",\"content\":\"Checking.\",\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]}"
                : "{\"role\":\"assistant\",\"content\":\"Hello!\"}";
        return "{\"id\":\"chatcmpl-x\",\"object\":\"chat.completion\",\"created\":1774400000,\"model\":" + q(model)
                + ",\"choices\":[{\"index\":0,\"message\":" + message + ",\"finish_reason\":"
                + q(s == Scenario.TOOL_USE ? "tool_calls" : "stop") + "}],\"usage\":{\"prompt_tokens\":12,"
                + "\"completion_tokens\":3,\"total_tokens\":15}}";
    }

    // ---- google (least certain: the real format is unconfirmed) ----

    public static List<String> geminiChunks(Scenario s) {
        List<String> c = new ArrayList<>();
        if (s == Scenario.THINKING) {
            c.add("{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Let me think.\",\"thought\":true}]},"
                    + "\"index\":0}]}");
        }
        if (s == Scenario.TOOL_USE) {
            c.add("{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Checking.\"},{\"functionCall\":"
                    + "{\"name\":\"get_weather\",\"args\":{\"city\":\"Paris\"}}}]},\"finishReason\":\"STOP\",\"index\":0}],"
                    + "\"usageMetadata\":{\"promptTokenCount\":5,\"candidatesTokenCount\":3,\"totalTokenCount\":8}}");
            return c;
        }
        c.add("{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Hel\"}]},\"index\":0}]}");
        c.add("{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"lo!\"}]},\"finishReason\":\"STOP\","
                + "\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":5,\"candidatesTokenCount\":3,\"totalTokenCount\":8},"
                + "\"modelVersion\":\"gemini-3-flash-preview\"}");
        return c;
    }

    /** The whole answer as one generateContent object (all parts merged). */
    public static String geminiUnary(Scenario s) {
        if (s == Scenario.TOOL_USE) {
            return geminiChunks(s).get(0);
        }
        String thought = s == Scenario.THINKING ? "{\"text\":\"Let me think.\",\"thought\":true}," : "";
        return "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[" + thought + "{\"text\":\"Hello!\"}]},"
                + "\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":5,"
                + "\"candidatesTokenCount\":3,\"totalTokenCount\":8},\"modelVersion\":\"gemini-3-flash-preview\"}";
    }
}
