package dev.switchboard.kernel.dispatch;

import dev.switchboard.spi.ClientRequest;
import dev.switchboard.spi.HostedToolPolicy;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.spi.model.Tool;
import dev.switchboard.spi.model.ToolChoice;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Applies an upstream's {@link HostedToolPolicy} to a request before its plugin sees it: hosted tools the upstream
 * runs stay, those it has an equivalent for are replaced by it, the rest are left out — and named, so the client
 * learns from a response header and the log says what was left out instead of getting a 400 for offering a tool.
 * A {@code tool_choice} that forced a left-out tool falls back to the upstream's default. When something was left
 * out the plugin gets no raw body, so it cannot relay the client's body (which still declares the tool) verbatim.
 * Stateless.
 */
final class HostedTools {
    /** The response header naming the hosted tool types left out for this upstream. */
    static final String HEADER = "x-gateway-tools-left-out";
    private static final Logger LOG = Logger.getLogger(HostedTools.class.getName());

    private HostedTools() {
    }

    /**
     * @param request the request to send
     * @param client  the client call as the plugin may see it
     * @param leftOut the hosted tool types left out, in declaration order (empty when none)
     */
    record Outcome(ChatRequest request, ClientRequest client, List<String> leftOut) {
        /** The {@link #HEADER} value, or null when nothing was left out. */
        String header() {
            return leftOut.isEmpty() ? null : String.join(", ", leftOut);
        }
    }

    static Outcome apply(ChatRequest request, ClientRequest client, HostedToolPolicy policy, String upstream) {
        if (request.tools().stream().allMatch(Tool::isFunction)) {
            return new Outcome(request, client, List.of());
        }
        List<Tool> tools = new ArrayList<>(request.tools().size());
        List<String> leftOut = new ArrayList<>();
        for (Tool t : request.tools()) {
            Tool sent = t.isFunction() ? t : policy.apply(t);
            if (sent == null) {
                leftOut.add(t.type());
            } else if (sent.isFunction() || tools.stream().noneMatch(o -> !o.isFunction() && o.type().equals(sent.type()))) {
                tools.add(sent); // two client tools may map to the same server tool; it is declared once
            }
        }
        ToolChoice choice = request.toolChoice();
        String forced = choice != null && choice.type() == ToolChoice.Type.TOOL ? choice.name() : null;
        if (forced != null && tools.stream().noneMatch(t -> t.name().equals(forced))) {
            choice = null;
        }
        ChatRequest sent = request.toBuilder().tools(tools).toolChoice(choice).build();
        if (leftOut.isEmpty()) {
            return new Outcome(sent, client, List.of());
        }
        LOG.info(() -> "left out hosted tools " + leftOut + " for " + upstream + ", which does not run them");
        ClientRequest converted = client == null ? null : new ClientRequest(client.dialect(), client.path(),
                client.headers(), null, client.clientAuthorization(), client.conversationKey());
        return new Outcome(sent, converted, List.copyOf(leftOut));
    }
}
