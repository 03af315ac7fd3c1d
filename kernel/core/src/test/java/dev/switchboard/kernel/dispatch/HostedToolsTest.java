package dev.switchboard.kernel.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.switchboard.spi.ClientRequest;
import dev.switchboard.spi.Dialect;
import dev.switchboard.spi.HostedToolPolicy;
import dev.switchboard.spi.HttpHeaders;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.spi.model.Message;
import dev.switchboard.spi.model.Tool;
import dev.switchboard.spi.model.ToolChoice;
import dev.switchboard.wire.HostedToolPolicies;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostedToolsTest {
    private static final Tool FUNCTION = new Tool("exec_command", null, JsonValue.EMPTY_JSON_OBJECT);
    private static final ClientRequest CLIENT = new ClientRequest(Dialect.OPENAI_RESPONSES, "/v1/responses",
            HttpHeaders.create(), JsonValue.EMPTY_JSON_OBJECT, null, null);

    private static Tool hosted(String type, Map<String, JsonValue> fields) {
        return new Tool(type, null, JsonValue.EMPTY_JSON_OBJECT, null, false, type, fields);
    }

    private static ChatRequest request(ToolChoice choice, Tool... tools) {
        return ChatRequest.builder("m").addMessage(Message.user("hi")).tools(List.of(tools)).toolChoice(choice).build();
    }

    @Test
    void anUpstreamThatRunsNoHostedToolsGetsTheFunctionsAndTheClientLearnsWhatWasLeftOut() {
        ChatRequest r = request(new ToolChoice(ToolChoice.Type.TOOL, "web_search", false), FUNCTION,
                hosted("web_search", Map.of()), hosted("image_generation", Map.of()));
        HostedTools.Outcome o = HostedTools.apply(r, CLIENT, HostedToolPolicy.NONE, "kiro (m)");
        assertEquals(List.of(FUNCTION), o.request().tools());
        assertEquals(List.of("web_search", "image_generation"), o.leftOut());
        assertEquals("web_search, image_generation", o.header());
        assertNull(o.request().toolChoice(), "a choice forcing a left-out tool falls back to the default");
        assertNull(o.client().rawBody(), "the client's body, which still declares them, is not relayed");
        assertEquals(Dialect.OPENAI_RESPONSES, o.client().dialect());
    }

    @Test
    void aResponsesUpstreamRunsOpenAisHostedToolsWithTheirFieldsAndTheBodyMayBeRelayed() {
        Tool web = hosted("web_search", Map.of("external_web_access", JsonValue.FALSE));
        ChatRequest r = request(null, FUNCTION, web, hosted("file_search", Map.of()));
        HostedTools.Outcome o = HostedTools.apply(r, CLIENT, HostedToolPolicies.OPENAI_RESPONSES, "factory (gpt)");
        assertEquals(List.of(FUNCTION, web, hosted("file_search", Map.of())), o.request().tools());
        assertEquals(List.of(), o.leftOut());
        assertNull(o.header());
        assertSame(CLIENT, o.client());
    }

    @Test
    void anAnthropicUpstreamGetsItsWebSearchForOpenAisAndLeavesOutTheRest() {
        ChatRequest r = request(new ToolChoice(ToolChoice.Type.TOOL, "web_search", false), FUNCTION,
                hosted("web_search", Map.of()), hosted("web_search_preview", Map.of()), hosted("code_interpreter", Map.of()));
        HostedTools.Outcome o = HostedTools.apply(r, CLIENT, HostedToolPolicies.ANTHROPIC, "factory (claude)");
        assertEquals(List.of(FUNCTION, HostedToolPolicy.hosted("web_search", "web_search_20250305")),
                o.request().tools(), "both searches map to one server tool, declared once");
        assertEquals(List.of("code_interpreter"), o.leftOut());
        assertEquals("web_search", o.request().toolChoice().name(), "the forced search is still there");
    }

    @Test
    void aSearchRestrictedToCachedResultsIsNotMappedToAnotherProvidersLiveSearch() {
        ChatRequest r = request(null, hosted("web_search", Map.of("external_web_access", JsonValue.FALSE)));
        HostedTools.Outcome o = HostedTools.apply(r, CLIENT, HostedToolPolicies.ANTHROPIC, "factory (claude)");
        assertEquals(List.of(), o.request().tools());
        assertEquals(List.of("web_search"), o.leftOut());
    }

    @Test
    void anthropicServerToolsPassByTheirVersionedTypeAndBecomeOpenAisSearchOnAResponsesUpstream() {
        Tool search = new Tool("web_search", null, JsonValue.EMPTY_JSON_OBJECT, null, false, "web_search_20250305",
                Map.of("max_uses", jakarta.json.Json.createValue(3)));
        Tool bash = new Tool("bash", null, JsonValue.EMPTY_JSON_OBJECT, null, false, "bash_20250124", Map.of());
        HostedTools.Outcome anthropic = HostedTools.apply(request(null, search, bash), CLIENT,
                HostedToolPolicies.ANTHROPIC, "a");
        assertEquals(List.of(search, bash), anthropic.request().tools());
        HostedTools.Outcome openai = HostedTools.apply(request(null, search, bash), CLIENT,
                HostedToolPolicies.OPENAI_RESPONSES, "o");
        assertEquals(List.of(HostedToolPolicy.hosted("web_search", "web_search")), openai.request().tools());
        assertEquals(List.of("bash_20250124"), openai.leftOut());
    }

    @Test
    void aRequestWithOnlyFunctionsIsUntouched() {
        ChatRequest r = request(null, FUNCTION);
        HostedTools.Outcome o = HostedTools.apply(r, CLIENT, HostedToolPolicy.NONE, "k");
        assertSame(r, o.request());
        assertSame(CLIENT, o.client());
    }
}
