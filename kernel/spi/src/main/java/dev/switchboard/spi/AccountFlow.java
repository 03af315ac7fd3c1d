package dev.switchboard.spi;

import jakarta.json.JsonObject;
import java.util.List;

/**
 * An add-account flow (device code, PKCE, import) served by the kernel at
 * {@code /admin/providers/{id}/flows/{name}}, so plugins never open a listener of their own:
 * <ul>
 *   <li>{@code POST .../flows/{name}} → {@link #start(JsonObject)}</li>
 *   <li>{@code GET .../flows/{name}/{flowId}} → {@link #status(String)}</li>
 *   <li>{@code POST .../flows/{name}/{flowId}} → {@link #submit(String, JsonObject)}</li>
 *   <li>{@code DELETE .../flows/{name}/{flowId}} → {@link #cancel(String)}</li>
 * </ul>
 * A flow ends by storing the account through {@link CredentialStore#upsert}. Thread-safe: admin calls
 * and the flow's own background work may run concurrently.
 */
public interface AccountFlow {

    /** URL segment, e.g. {@code device-code}, {@code social}, {@code import}. */
    String name();

    /** One line for the admin API listing. */
    String description();

    /**
     * The inputs {@link #start} takes, in display order, so a console can render the form. Empty by default: the
     * console then offers a plain JSON input. Plugins written against an older SPI keep working unchanged.
     */
    default List<FlowField> startFields() {
        return List.of();
    }

    /** The inputs {@link #submit} takes while the flow is pending (a pasted callback URL); empty when none. */
    default List<FlowField> submitFields() {
        return List.of();
    }

    /** Starts a flow from the admin's input. Import-style flows complete at once. */
    FlowState start(JsonObject input) throws GatewayException;

    /** The current state; unknown ids give {@link ErrorKind#NOT_FOUND}. */
    FlowState status(String flowId) throws GatewayException;

    /** Feeds later input (a pasted callback URL, a chosen name). */
    default FlowState submit(String flowId, JsonObject input) throws GatewayException {
        throw new GatewayException(ErrorKind.INVALID_REQUEST, "flow '" + name() + "' takes no further input");
    }

    /** Abandons a flow and releases what it holds (listeners, timers). */
    void cancel(String flowId) throws GatewayException;
}
