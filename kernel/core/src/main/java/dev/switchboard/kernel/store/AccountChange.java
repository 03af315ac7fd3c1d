package dev.switchboard.kernel.store;

import java.util.OptionalLong;

/**
 * The {@link ChangeFeed} message saying that an account's row changed (anything but its counters): {@code account|<id>}.
 * Receivers re-read the row rather than trust a payload, so a late or repeated message is harmless. Stateless.
 */
public final class AccountChange {
    static final String PREFIX = "account|";

    private AccountChange() {
    }

    public static String message(long accountId) {
        return PREFIX + accountId;
    }

    /** The account id of an account-change message, or empty for any other message. */
    public static OptionalLong parse(String message) {
        if (!message.startsWith(PREFIX)) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(message.substring(PREFIX.length())));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
