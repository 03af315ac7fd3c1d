package dev.switchboard.spi;

import jakarta.json.JsonObject;

/**
 * A flow's state as shown to the admin.
 *
 * @param id      flow id
 * @param status  {@code pending}, {@code completed}, {@code error}, {@code expired}, {@code timeout}, {@code cancelled}
 * @param details what the admin needs (verification URL, user code, account name, error); no secrets
 */
public record FlowState(String id, String status, JsonObject details) {
}
