package dev.switchboard.wire;

import dev.switchboard.spi.HostedToolPolicy;
import java.util.List;
import java.util.Map;

/**
 * The hosted-tool policies of the two upstream families that run hosted tools, for plugins to declare in
 * {@link dev.switchboard.spi.Provider#hostedTools}. Anything not listed is left out for that upstream.
 */
public final class HostedToolPolicies {
    /**
     * OpenAI's Responses API: runs OpenAI's hosted tools; Anthropic's web search becomes OpenAI's, its other server
     * tools have no equivalent.
     */
    public static final HostedToolPolicy OPENAI_RESPONSES = new HostedToolPolicy(List.of("web_search",
            "web_search_preview", "file_search", "code_interpreter", "image_generation", "computer_use_preview", "mcp",
            "local_shell"), Map.of("web_search_", HostedToolPolicy.hosted("web_search", "web_search")));

    /**
     * An Anthropic-family upstream with Anthropic's server tools: passes them, and maps OpenAI's web search to
     * Anthropic's web search tool; OpenAI's other hosted tools have no equivalent.
     */
    public static final HostedToolPolicy ANTHROPIC = new HostedToolPolicy(List.of("web_search_", "web_fetch_",
            "code_execution_", "bash_", "text_editor_", "memory_", "computer_", "tool_search_tool_", "mcp_toolset"),
            Map.of(
            "web_search", HostedToolPolicy.hosted("web_search", "web_search_20250305"),
            "web_search_preview", HostedToolPolicy.hosted("web_search", "web_search_20250305")));

    private HostedToolPolicies() {
    }
}
